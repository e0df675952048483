import type { HostTensor } from './tensors.js';
import { halfToFloat } from '../io/half-float.js';
import { NPY_MAGIC, readNpy } from '../portable/npy.js';

/**
 * NumPy .npy files as host tensors: read by portable/npy.ts (the header and the data's bytes, as the
 * page reads them), then float32 and int64 load as they are; float16 and float64 load as float32.
 */
export type NpyResult = { readonly ok: true; readonly tensor: HostTensor } | { readonly ok: false; readonly reason: string };

const READ_FLOAT: Readonly<Record<string, (view: DataView, index: number) => number>> = {
  '<f4': (v, i) => v.getFloat32(i * 4, true),
  '<f2': (v, i) => halfToFloat(v.getUint16(i * 2, true)),
  '<f8': (v, i) => v.getFloat64(i * 8, true),
};

export function parseNpy(bytes: Uint8Array): NpyResult {
  const read = readNpy(bytes);
  if (!read.ok) return read;
  const { descr, shape: dims, data: view } = read.array;
  if (descr === '<i8') {
    const data = new BigInt64Array(view.byteLength / 8);
    for (let i = 0; i < data.length; i++) data[i] = view.getBigInt64(i * 8, true);
    return { ok: true, tensor: { type: 'int64', dims, data } };
  }
  const readFloat = READ_FLOAT[descr];
  if (readFloat === undefined) return { ok: false, reason: `dtype '${descr}' is not supported (use float32, float16, float64 or int64)` };
  const data = new Float32Array(dims.reduce((n, d) => n * d, 1));
  for (let i = 0; i < data.length; i++) data[i] = readFloat(view, i);
  return { ok: true, tensor: { type: 'float32', dims, data } };
}

/** A .npy file (version 1, or 2 when the header needs it) holding `tensor`. */
export function formatNpy(tensor: HostTensor): Uint8Array {
  const descr = tensor.type === 'float32' ? '<f4' : '<i8';
  const shape = tensor.dims.length === 1 ? `(${tensor.dims[0]},)` : `(${tensor.dims.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const v1 = dict.length + 11 < 65536;
  const prefix = v1 ? 10 : 12;
  const padded = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  const headerText = dict.padEnd(padded - prefix - 1, ' ') + '\n';
  const data = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  const out = new Uint8Array(padded + data.length);
  out.set(NPY_MAGIC, 0);
  out[6] = v1 ? 1 : 2;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (v1) view.setUint16(8, headerText.length, true);
  else view.setUint32(8, headerText.length, true);
  out.set(new TextEncoder().encode(headerText), prefix);
  out.set(data, padded);
  return out;
}

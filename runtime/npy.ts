import type { HostTensor } from './tensors.js';
import { halfToFloat } from '../io/half-float.js';
import { elementCount } from './tensors.js';
import { parseHeaderDict } from './npy-header.js';

/**
 * NumPy .npy files (format versions 1, 2 and 3), little-endian and C order only. float32 and
 * int64 load as they are; float16 and float64 load as float32. Anything else is refused with
 * a reason, never guessed at.
 */
export type NpyResult = { readonly ok: true; readonly tensor: HostTensor } | { readonly ok: false; readonly reason: string };

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

interface Header {
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: number[];
}

type Decoder = { size: number; read: (view: DataView, offset: number) => number | bigint; type: HostTensor['type'] };

const DECODERS: Record<string, Decoder> = {
  '<f4': { size: 4, type: 'float32', read: (v, o) => v.getFloat32(o, true) },
  '<f2': { size: 2, type: 'float32', read: (v, o) => halfToFloat(v.getUint16(o, true)) },
  '<f8': { size: 8, type: 'float32', read: (v, o) => v.getFloat64(o, true) },
  '<i8': { size: 8, type: 'int64', read: (v, o) => v.getBigInt64(o, true) },
};

export function parseNpy(bytes: Uint8Array): NpyResult {
  const header = readHeader(bytes);
  if (!header.ok) return header;
  const { descr, fortranOrder, shape } = header.header;
  const decoder = DECODERS[descr];
  if (decoder === undefined) return { ok: false, reason: unsupportedDtype(descr) };
  if (fortranOrder) return { ok: false, reason: 'Fortran-order arrays are not supported; save with np.ascontiguousarray' };
  const count = elementCount(shape);
  const available = bytes.length - header.dataOffset;
  if (available < count * decoder.size) {
    return { ok: false, reason: `data is truncated: shape (${shape.join(', ')}) needs ${count * decoder.size} bytes, found ${available}` };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + header.dataOffset, count * decoder.size);
  return { ok: true, tensor: decode(decoder, view, count, shape) };
}

function decode(decoder: Decoder, view: DataView, count: number, dims: number[]): HostTensor {
  if (decoder.type === 'int64') {
    const data = new BigInt64Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getBigInt64(i * 8, true);
    return { type: 'int64', dims, data };
  }
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = Number(decoder.read(view, i * decoder.size));
  return { type: 'float32', dims, data };
}

function unsupportedDtype(descr: string): string {
  if (/^>/.test(descr)) return `big-endian dtype '${descr}' is not supported; save with arr.astype('<${descr.slice(1)}')`;
  return `dtype '${descr}' is not supported (use float32, float16, float64 or int64)`;
}

type HeaderResult = { ok: true; header: Header; dataOffset: number } | { ok: false; reason: string };

function readHeader(bytes: Uint8Array): HeaderResult {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) return { ok: false, reason: 'not a .npy file (bad magic)' };
  const major = bytes[6] ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let length: number;
  let start: number;
  if (major === 1) {
    length = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) return { ok: false, reason: 'header is truncated' };
    length = view.getUint32(8, true);
    start = 12;
  } else {
    return { ok: false, reason: `unsupported .npy format version ${major}.${bytes[7] ?? 0}` };
  }
  if (start + length > bytes.length) return { ok: false, reason: 'header is truncated' };
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + length));
  const header = parseHeaderText(text);
  return header.ok ? { ok: true, header: header.header, dataOffset: start + length } : header;
}

function parseHeaderText(text: string): { ok: true; header: Header } | { ok: false; reason: string } {
  const parsed = parseHeaderDict(text);
  if (!parsed.ok) return { ok: false, reason: `bad header: ${parsed.reason}` };
  const descr = parsed.dict.get('descr');
  const fortran = parsed.dict.get('fortran_order');
  const shape = parsed.dict.get('shape');
  if (typeof descr !== 'string' || typeof fortran !== 'boolean' || !Array.isArray(shape)) {
    return { ok: false, reason: 'bad header: needs descr (a string), fortran_order (True or False) and shape (a tuple)' };
  }
  if (!shape.every((d): d is number => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    return { ok: false, reason: 'bad header: shape must hold non-negative integers' };
  }
  return { ok: true, header: { descr: descr.replace(/^=/, '<'), fortranOrder: fortran, shape } };
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
  out.set(MAGIC, 0);
  out[6] = v1 ? 1 : 2;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (v1) view.setUint16(8, headerText.length, true);
  else view.setUint32(8, headerText.length, true);
  out.set(new TextEncoder().encode(headerText), prefix);
  out.set(data, padded);
  return out;
}

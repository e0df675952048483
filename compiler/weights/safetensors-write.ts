import { floatToHalf } from '../../io/half-float.js';

export interface TensorToWrite {
  readonly dtype: 'F32' | 'F16';
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/**
 * A safetensors file for the given tensors (in the order given), header padded with spaces to a
 * multiple of 8 bytes as the reference writer does. Used for fixtures and by tests.
 */
export function writeSafetensors(tensors: Readonly<Record<string, TensorToWrite>>, metadata?: Readonly<Record<string, string>>): Uint8Array {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const bytes = encode(t);
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = new Uint8Array(json.length + ((8 - (json.length % 8)) % 8)).fill(0x20);
  headerBytes.set(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function encode(t: TensorToWrite): Uint8Array {
  const width = t.dtype === 'F32' ? 4 : 2;
  const out = new Uint8Array(t.data.length * width);
  const view = new DataView(out.buffer);
  t.data.forEach((v, i) => (t.dtype === 'F32' ? view.setFloat32(i * 4, v, true) : view.setUint16(i * 2, floatToHalf(v), true)));
  return out;
}

/**
 * One tensor of a checkpoint, whatever the file format: its name, dtype, shape, and a way to read its
 * values as float32. Readers (safetensors, PyTorch) produce these; binding and layouts consume them.
 */
import { halfToFloat } from '../../io/half-float.js';
import type { Result } from '../../base/result.js';

/** Element types, spelled as safetensors spells them. */
export type TensorDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

export const DTYPE_BYTES: Readonly<Record<TensorDType, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

/** The float types vnet converts to f32 (F64 and BF16 are converted exactly or by widening). */
export const FLOAT_DTYPES: ReadonlySet<string> = new Set(['F32', 'F16', 'BF16', 'F64']);

export interface NamedTensor {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  /** The name in the file, when a layout or map renamed it (messages show the file's name). */
  readonly original?: string;
  /** Why the values cannot be read (missing or short data), checked without decoding them; undefined when they can. */
  problem(): string | undefined;
  /** The values in row-major order as float32; an error for a non-float dtype or missing data. */
  read(): Result<Float32Array>;
}

/**
 * Decodes `count` elements of `dtype` from little-endian `bytes`, element i at element index
 * `index(i)` (a strided view); the caller has checked that every index is inside `bytes`.
 */
export function decodeFloats(bytes: Uint8Array, dtype: string, count: number, index?: (i: number) => number): Result<Float32Array> {
  // Contiguous float32 (the common case, and the bulk of a large checkpoint): one copy, no per-element calls.
  // (A copy into a fresh buffer: a Node Buffer's slice() is a view of the whole file. Hosts are little-endian.)
  if (dtype === 'F32' && index === undefined) {
    const copy = new Uint8Array(count * 4);
    copy.set(bytes.subarray(0, count * 4));
    return { ok: true, value: new Float32Array(copy.buffer) };
  }
  const at = index ?? ((i: number) => i);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  switch (dtype) {
    case 'F32':
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(at(i) * 4, true);
      break;
    case 'F16':
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(at(i) * 2, true));
      break;
    case 'BF16':
      for (let i = 0; i < count; i++) {
        scratch.setUint32(0, view.getUint16(at(i) * 2, true) << 16, true);
        out[i] = scratch.getFloat32(0, true);
      }
      break;
    case 'F64':
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(at(i) * 8, true);
      break;
    default:
      return { ok: false, error: `dtype ${dtype} is not a float type` };
  }
  return { ok: true, value: out };
}

const scratch = new DataView(new ArrayBuffer(4));

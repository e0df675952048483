/** A rebuilt torch tensor as a `NamedTensor`: a (possibly strided) view of a storage, read on demand. */
import { shortName } from '../limits.js';
import { decodeFloats, DTYPE_BYTES, FLOAT_DTYPES, type NamedTensor, type TensorDType } from '../tensor.js';
import type { TorchCheckpoint } from './checkpoint.js';
import type { TorchTensor } from './values.js';
import type { Result } from '../../../base/result.js';

export function namedTensor(name: string, tensor: TorchTensor, checkpoint: TorchCheckpoint): NamedTensor {
  return {
    name,
    dtype: tensor.storage.dtype,
    shape: tensor.shape,
    problem: () => {
      const located = locate(name, tensor, checkpoint);
      return located.ok ? undefined : located.error;
    },
    read: () => readTensor(name, tensor, checkpoint),
  };
}

/** The tensor's bytes from its first element on, after checking that the view lies inside its storage. */
function locate(name: string, t: TorchTensor, checkpoint: TorchCheckpoint): Result<{ from: Uint8Array; count: number }> {
  const count = t.shape.reduce((n, d) => n * d, 1);
  if (!Number.isSafeInteger(count)) return { ok: false, error: `tensor ${shortName(name)} is too large` };
  const bytes = checkpoint.storageBytes(t.storage);
  if (!bytes.ok) return { ok: false, error: `tensor ${shortName(name)}: ${bytes.error}` };
  if (count === 0) return { ok: true, value: { from: bytes.value.subarray(0, 0), count } };
  // A view cannot have more elements than its storage unless it repeats them (stride 0): refused, so a
  // hostile size cannot make the reader allocate more than the file holds.
  if (count > t.storage.numel) {
    return {
      ok: false,
      error: `tensor ${shortName(name)} [${t.shape.join(', ')}] has more elements than its storage ${shortName(t.storage.key)} (${t.storage.numel}); broadcast views are not read`,
    };
  }
  // The last element the view touches must lie inside the storage.
  const last = t.offset + t.shape.reduce((sum, d, i) => sum + (d - 1) * (t.stride[i] as number), 0);
  if (last >= t.storage.numel) {
    return {
      ok: false,
      error: `tensor ${shortName(name)} [${t.shape.join(', ')}] reaches element ${last} of storage ${shortName(t.storage.key)}, which holds ${t.storage.numel}`,
    };
  }
  const width = DTYPE_BYTES[t.storage.dtype as TensorDType] ?? 1;
  return { ok: true, value: { from: bytes.value.subarray(t.offset * width), count } };
}

function readTensor(name: string, t: TorchTensor, checkpoint: TorchCheckpoint): Result<Float32Array> {
  if (!FLOAT_DTYPES.has(t.storage.dtype)) return { ok: false, error: `tensor ${shortName(name)} has dtype ${t.storage.dtype}, not a float type` };
  const located = locate(name, t, checkpoint);
  if (!located.ok) return located;
  const { from, count } = located.value;
  if (count === 0) return { ok: true, value: new Float32Array(0) };
  if (isContiguous(t.shape, t.stride)) return decodeFloats(from, t.storage.dtype, count);
  return decodeFloats(from, t.storage.dtype, count, stridedIndex(t.shape, t.stride));
}

function isContiguous(shape: readonly number[], stride: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if ((shape[i] as number) !== 1 && stride[i] !== expected) return false;
    expected *= shape[i] as number;
  }
  return true;
}

/** Element i in row-major order -> its index in the storage (relative to the offset). */
function stridedIndex(shape: readonly number[], stride: readonly number[]): (i: number) => number {
  return (i) => {
    let rest = i;
    let at = 0;
    for (let d = shape.length - 1; d >= 0; d--) {
      const size = shape[d] as number;
      at += (rest % size) * (stride[d] as number);
      rest = Math.floor(rest / size);
    }
    return at;
  };
}

/** The persistent ids by which both torch formats name a tensor's storage, and the sizes of their elements. */
import { MAX_NAME_CHARS, shortName } from '../limits.js';
import { STORAGE_DTYPES } from './globals.js';
import type { PyValue } from './values.js';
import { DTYPE_BYTES, type TensorDType } from '../tensor.js';
import type { Result } from '../../../base/result.js';

export const fail = (error: string, limit = false): { ok: false; error: string; limit?: boolean } =>
  limit ? { ok: false, error, limit } : { ok: false, error };

export function elementBytes(dtype: string): number {
  return DTYPE_BYTES[dtype as TensorDType] ?? 1;
}

/** ('storage', storage_type, key, location, numel[, view_metadata]): the fields both formats share. */
export function storageId(pid: PyValue, fields: number): Result<{ dtype: string; key: string; numel: number; rest: readonly PyValue[] }> {
  if (typeof pid !== 'object' || pid === null || pid.kind !== 'tuple' || pid.items.length !== fields) return fail('bad persistent id');
  const [tag, type, key, , numel, ...rest] = pid.items;
  if (tag !== 'storage') return fail(`persistent id of kind '${String(tag)}' (only storages are read)`);
  if (typeof type !== 'object' || type === null || (type.kind !== 'global' && type.kind !== 'opaque')) return fail('bad storage type');
  const name = type.kind === 'global' ? type.name : type.global;
  const dtype = STORAGE_DTYPES[name];
  if (dtype === undefined) return fail(`unknown storage type ${shortName(name)}`);
  if (typeof key !== 'string') return fail('bad storage key');
  if (key.length > MAX_NAME_CHARS) return fail(`a storage key of ${key.length} characters; the limit is ${MAX_NAME_CHARS}`, true);
  if (typeof numel !== 'number' || !Number.isSafeInteger(numel) || numel < 0) return fail(`bad element count for storage ${shortName(key)}`);
  return { ok: true, value: { dtype, key, numel, rest } };
}

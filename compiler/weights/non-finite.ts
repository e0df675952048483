/**
 * Tensors of a checkpoint that hold NaN or infinite values. Only the tensors the network binds are
 * read (one at a time, so no more memory than the largest tensor), whatever the file's format.
 */
import { FLOAT_DTYPES, type NamedTensor } from './tensor.js';

export interface NonFinite {
  readonly name: string;
  readonly count: number;
}

export function nonFiniteTensors(tensors: readonly NamedTensor[], wanted: ReadonlySet<string>, prefix = ''): NonFinite[] {
  const out: NonFinite[] = [];
  for (const t of tensors) {
    const bound = wanted.has(t.name) || (prefix !== '' && t.name.startsWith(prefix) && wanted.has(t.name.slice(prefix.length)));
    if (!bound || !FLOAT_DTYPES.has(t.dtype)) continue;
    const values = t.read();
    if (!values.ok) continue;
    let count = 0;
    for (const v of values.value) if (!Number.isFinite(v)) count++;
    if (count > 0) out.push({ name: t.original ?? t.name, count });
  }
  return out;
}

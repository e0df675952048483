import { dimEquals, type Dim } from '../../ir/dim.js';
import { int64s } from './constants.js';
import type { LowerContext } from './context.js';

/**
 * The `shape` input of a Reshape from `from` to `to` that keeps symbolic dims symbolic: known
 * dims are written out, a symbolic dim equal to the input's dim on the same axis is 0 (copy),
 * and the one remaining symbolic dim is -1 (inferred). Reshape's allowzero stays 0.
 */
export function reshapeTarget(from: readonly Dim[], to: readonly Dim[]): number[] {
  let inferred = false;
  return to.map((d, i) => {
    if (typeof d === 'number') return d;
    const same = from[i];
    if (same !== undefined && dimEquals(same, d)) return 0;
    if (inferred) throw new Error(`cannot reshape to [${to.map(String).join(', ')}]: more than one symbolic dimension changes`);
    inferred = true;
    return -1;
  });
}

/** Emits Reshape(x) to the IR shape `to`. */
export function emitReshape(ctx: LowerContext, x: string, from: readonly Dim[], to: readonly Dim[], suffix?: string): string {
  const [out] = ctx.emit('Reshape', [x, int64s(ctx, 'shape', reshapeTarget(from, to))], {}, suffix ? { nameSuffix: suffix } : {});
  if (out === undefined) throw new Error('Reshape returned no output');
  return out;
}

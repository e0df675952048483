import { int64s } from './constants.js';
import type { LowerContext } from './context.js';

/** ReduceMean over `axes`; the axes moved from an attribute to an input in opset 18. */
export function emitReduceMean(ctx: LowerContext, x: string, axes: readonly number[], keepdims: boolean, suffix?: string): string {
  const options = suffix ? { nameSuffix: suffix } : {};
  const keep = keepdims ? 1 : 0;
  const [out] =
    ctx.opset >= 18
      ? ctx.emit('ReduceMean', [x, int64s(ctx, 'axes', axes)], { keepdims: keep }, options)
      : ctx.emit('ReduceMean', [x], { axes: [...axes], keepdims: keep }, options);
  if (out === undefined) throw new Error('ReduceMean returned no output');
  return out;
}

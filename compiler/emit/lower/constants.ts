import type { LowerContext } from './context.js';

/** A 1-D int64 constant (shapes, axes, pads, slice bounds). */
export function int64s(ctx: LowerContext, hint: string, values: readonly number[]): string {
  return ctx.constant(hint, { dtype: 'int64', dims: [values.length], data: BigInt64Array.from(values, (v) => BigInt(v)) });
}

/** A 0-d float32 constant (Clip bounds, the 1/sqrt(2) of GELU). */
export function scalarF32(ctx: LowerContext, hint: string, value: number): string {
  return ctx.constant(hint, { dtype: 'float32', dims: [], data: Float32Array.of(value) });
}

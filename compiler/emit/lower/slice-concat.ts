import { int64s } from './constants.js';
import type { LowerContext } from './context.js';
import { emit1 } from './emit1.js';
import { inputName, type NodeLike } from './inputs.js';

/** x[..., start:end, ...] along one axis (channel groups cut out by passes). */
export interface SliceNode extends NodeLike {
  readonly attrs: { readonly axis: number; readonly start: number; readonly end: number };
}

export interface ConcatNode extends NodeLike {
  readonly attrs: { readonly axis: number };
}

/** slice -> Slice with constant starts/ends/axes. */
export function lowerSlice(node: SliceNode, ctx: LowerContext): string[] {
  const { axis, start, end } = node.attrs;
  const bounds = [int64s(ctx, 'starts', [start]), int64s(ctx, 'ends', [end]), int64s(ctx, 'axes', [axis])];
  return [emit1(ctx, 'Slice', [inputName(node, ctx), ...bounds])];
}

/** concat -> Concat of every input, in order. */
export function lowerConcat(node: ConcatNode, ctx: LowerContext): string[] {
  const inputs = node.inputs.map((_, i) => inputName(node, ctx, i));
  return [emit1(ctx, 'Concat', inputs, { axis: node.attrs.axis })];
}

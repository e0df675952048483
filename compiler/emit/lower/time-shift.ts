import { dimDiv, type Dim } from '../../ir/dim.js';
import type { LowerContext } from './context.js';
import { inputName, inputValue, type NodeLike } from './inputs.js';
import { emitReshape } from './reshape-target.js';
import { fromFrame } from './shift.js';

/** A channel group moved along time by the shift-into-conv fusion: frame t takes frame t + offset. */
export interface TimeShiftNode extends NodeLike {
  readonly attrs: { readonly frames: number; readonly offset: number };
}

/**
 * time_shift(offset = +1 | -1) on [N*T, c, ...]: view as [N, T, c*...] (each frame one row), Slice
 * the frames that move, Pad one zero frame on the side they leave, view back. The same data movement
 * as one group of `shift`, so the fused and unfused graphs agree exactly. The rows are flat because
 * onnxruntime's Pad copies innermost rows one at a time: measured, a Pad of [1, 8, 128, 14, 14] takes
 * 103 us and the same data as [1, 8, 25088] 12 us.
 */
export function lowerTimeShift(node: TimeShiftNode, ctx: LowerContext): string[] {
  const { frames, offset } = node.attrs;
  if (offset !== 1 && offset !== -1) throw new Error(`time offset ${offset} is not supported (only +1 and -1)`);
  const shape = inputValue(node, ctx).shape;
  const [batch, ...rest] = shape;
  const clips = batch === undefined ? undefined : dimDiv(batch, frames);
  if (clips === undefined) throw new Error(`axis 0 is not a multiple of T = ${frames}`);
  const flat = rest.every((d): d is number => typeof d === 'number');
  const clipShape: Dim[] = flat ? [clips, frames, rest.reduce((a, b) => a * b, 1)] : [clips, frames, ...rest];
  const clip = emitReshape(ctx, inputName(node, ctx), shape, clipShape, 'to_clips');
  const moved = fromFrame({ ctx, rank: clipShape.length, frames }, clip, offset === 1 ? 'next' : 'prev');
  return [emitReshape(ctx, moved, clipShape, shape, 'to_frames')];
}

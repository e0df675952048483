import { dimDiv, type Dim } from '../../ir/dim.js';
import type { LowerContext } from './context.js';
import { inputName, inputValue, type NodeLike } from './inputs.js';
import { emitReshape } from './reshape-target.js';
import { fromFrame } from './shift.js';

/** A channel group moved along time by the shift-into-conv fusion: frame t takes frame t + offset. */
export interface TimeShiftNode extends NodeLike {
  readonly attrs: { readonly frames: number; readonly offset: number; readonly channels?: readonly [number, number] };
}

/**
 * time_shift(offset = +1 | -1) on [N*T, c, ...]: view as [N, T, c*...] (each frame one row), Slice
 * the frames that move (and the channel range, if any), Pad one zero frame on the side they leave,
 * view back. The same data movement as one group of `shift`, so the fused and unfused graphs agree
 * exactly. The rows are flat because onnxruntime's Pad copies innermost rows one at a time: measured
 * (`npm run bench:shift-pad`), the 5-D view costs 1.5x (56x56 frames) to 17x (7x7) the flat one.
 */
export function lowerTimeShift(node: TimeShiftNode, ctx: LowerContext): string[] {
  const { frames, offset, channels } = node.attrs;
  if (offset !== 1 && offset !== -1) throw new Error(`time offset ${offset} is not supported (only +1 and -1)`);
  const shape = inputValue(node, ctx).shape;
  const [batch, width, ...spatial] = shape;
  const clips = batch === undefined ? undefined : dimDiv(batch, frames);
  if (clips === undefined || width === undefined) throw new Error(`axis 0 is not a multiple of T = ${frames}`);
  const [start, end] = channels ?? [0, width];
  if (typeof end !== 'number') throw new Error('a channel range needs a known channel count');
  const pixels = spatial.every((d): d is number => typeof d === 'number') ? spatial.reduce((a, b) => a * b, 1) : undefined;
  const view = (c: Dim): Dim[] => (pixels !== undefined && typeof c === 'number' ? [clips, frames, c * pixels] : [clips, frames, c, ...spatial]);
  const clipShape = view(width);
  const clip = emitReshape(ctx, inputName(node, ctx), shape, clipShape, 'to_clips');
  const scale = clipShape.length === 3 ? (pixels as number) : 1;
  const crop = channels && typeof width === 'number' ? { axis: 2, start: start * scale, end: end * scale, size: width * scale } : undefined;
  const moved = fromFrame({ ctx, rank: clipShape.length, frames }, clip, offset === 1 ? 'next' : 'prev', crop);
  const outWidth = channels ? end - start : width;
  return [emitReshape(ctx, moved, view(outWidth), [batch as Dim, outWidth, ...spatial], 'to_frames')];
}

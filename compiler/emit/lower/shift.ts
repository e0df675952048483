import { dimDiv, type Dim } from '../../ir/dim.js';
import { int64s } from './constants.js';
import type { LowerContext, Lowering } from './context.js';
import { emit1 } from './emit1.js';
import { inputName, inputValue } from './inputs.js';
import { emitReshape } from './reshape-target.js';
import { shiftChannelGroups, shiftedChannels } from '../../ir/ops/shift.js';

/**
 * shift on [N*T, C, ...] (TSM, the official channel order):
 *   view as [N, T, C, ...]; split C into [0, f), [f, 2f) and the rest;
 *   both: [0, f)  of frame t <- frame t+1: Slice T 1..T, then Pad one zero frame at the end;
 *         [f, 2f) of frame t <- frame t-1: Slice T 0..T-1, then Pad one zero frame at the start;
 *   past: [0, f)  of frame t <- frame t-1 (as [f, 2f) above);
 *   Concat along C, view as [N*T, C, ...].
 * Only Reshape/Split/Slice/Pad/Concat: no ScatterND, and every constant is a small shape or
 * index vector, so the model does not grow with the activation size.
 */
export const lowerShift: Lowering<'shift'> = (node, ctx) => {
  const { frames, foldChannels: fold } = node.attrs;
  const x = inputName(node, ctx);
  const shape = inputValue(node, ctx).shape;
  const [batch, channels, ...spatial] = shape;
  if (typeof channels !== 'number') throw new Error('the channel axis must have a known size');
  if (fold < 0 || shiftedChannels(node.attrs) > channels) throw new Error(`fold ${fold} does not fit ${channels} channels`);
  if (fold === 0) return [emit1(ctx, 'Identity', [x])];
  const clips = batch === undefined ? undefined : dimDiv(batch, frames);
  if (clips === undefined) throw new Error(`axis 0 is not a multiple of T = ${frames}`);

  const clipShape: Dim[] = [clips, frames, channels, ...spatial];
  const rank = clipShape.length;
  const clip = emitReshape(ctx, x, shape, clipShape, 'to_clips');
  const groups = shiftChannelGroups(node.attrs, channels);
  const sizes = groups.map((g) => g.end - g.start);
  const parts = ctx.emit('Split', [clip, int64s(ctx, 'split', sizes)], { axis: 2 }, { outputs: sizes.length, nameSuffix: 'split' });

  const time = { ctx, rank, frames };
  const moved = groups.flatMap((g, i) => (g.offset === 0 ? [] : [fromFrame(time, parts[i] as string, g.offset === 1 ? 'next' : 'prev')]));
  const rest = groups.flatMap((g, i) => (g.offset === 0 ? [parts[i] as string] : []));
  const joined = emit1(ctx, 'Concat', [...moved, ...rest], { axis: 2 }, 'concat');
  return [emitReshape(ctx, joined, clipShape, shape, 'to_frames')];
};

export interface TimeAxis {
  readonly ctx: LowerContext;
  /** Rank of the [N, T, C, ...] view. */
  readonly rank: number;
  readonly frames: number;
}

/** Part of one axis of the [N, T, ...] view to keep (the rest is cropped away in the same copy). */
export interface Crop {
  readonly axis: number;
  readonly start: number;
  readonly end: number;
  readonly size: number;
}

/**
 * Channels that take their values from the next frame (t+1) or the previous one (t-1), with a
 * zero frame where that frame lies outside the clip; only `crop`'s part of its axis when given.
 * `zero` is the padding value's tensor when zero is not 0 (uint8 data: the zero point).
 */
export function fromFrame({ ctx, rank, frames }: TimeAxis, x: string, from: 'next' | 'prev', crop?: Crop, zero?: string): string {
  const padValue = zero === undefined ? [] : [zero];
  if (ctx.target !== 'portable') {
    // onnxruntime takes negative pads (crop one frame, pad one zero frame) in one copy; the portable
    // target keeps Slice + Pad, since some runtimes reject mixed-sign pads.
    const pads = new Array<number>(2 * rank).fill(0);
    pads[1] = from === 'next' ? -1 : 1;
    pads[rank + 1] = from === 'next' ? 1 : -1;
    if (crop) {
      pads[crop.axis] = -crop.start;
      pads[rank + crop.axis] = -(crop.size - crop.end);
    }
    return emit1(ctx, 'Pad', [x, int64s(ctx, 'pads', pads), ...padValue], { mode: 'constant' }, `${from}/pad`);
  }
  const [start, end] = from === 'next' ? [1, frames] : [0, frames - 1];
  const axes = int64s(ctx, 'time_axis', crop ? [1, crop.axis] : [1]);
  const starts = int64s(ctx, 'starts', crop ? [start, crop.start] : [start]);
  const ends = int64s(ctx, 'ends', crop ? [end, crop.end] : [end]);
  const sliced = emit1(ctx, 'Slice', [x, starts, ends, axes], {}, `${from}/slice`);
  const pads = new Array<number>(2 * rank).fill(0);
  pads[from === 'next' ? rank + 1 : 1] = 1;
  return emit1(ctx, 'Pad', [sliced, int64s(ctx, 'pads', pads), ...padValue], { mode: 'constant' }, `${from}/pad`);
}

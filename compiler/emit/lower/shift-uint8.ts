import { dimDiv, type Dim } from '../../ir/dim.js';
import type { NodeOf } from '../../ir/graph.js';
import { shiftChannelGroups } from '../../ir/ops/shift.js';
import { int64s } from './constants.js';
import type { LowerContext } from './context.js';
import { emit1 } from './emit1.js';
import { inputValue } from './inputs.js';
import { emitReshape } from './reshape-target.js';
import { fromFrame } from './shift.js';
import { zeroPointOf } from './quantize.js';

/**
 * shift on uint8 data (an int8 model, compiler/quantize): the channel groups and frames of `shift`
 * (shift.ts), moved in NHWC order. onnxruntime runs its uint8 convolutions (QLinearConv) in NHWC and
 * wraps every NCHW operator between two of them in Transposes; written as NCHW -> NHWC, shift,
 * NHWC -> NCHW, the shift's own Transposes cancel against onnxruntime's, so none remain (the same
 * shift in NCHW leaves two per shift). Frames from outside the clip are the zero point (the quantized 0),
 * and the shift never leaves uint8: the next convolution reads it as a QLinearConv.
 */
export function lowerShiftUint8(node: NodeOf<'shift'>, ctx: LowerContext): string[] {
  const input = inputValue(node, ctx);
  const [batch, channels, ...spatial] = input.shape;
  if (typeof channels !== 'number') throw new Error('the channel axis must have a known size');
  const clips = batch === undefined ? undefined : dimDiv(batch, node.attrs.frames);
  if (clips === undefined) throw new Error(`axis 0 is not a multiple of T = ${node.attrs.frames}`);
  const zero = zeroPointOf(ctx, input);
  const rank = input.shape.length;
  const nhwc: Dim[] = [batch as Dim, ...spatial, channels];
  const pixels = spatial.every((d): d is number => typeof d === 'number') ? spatial.reduce((a, b) => a * b, 1) : undefined;
  // Each frame one [pixels, C] block: the time axis is 1, the channels the last axis.
  const view: Dim[] = pixels === undefined ? [clips, node.attrs.frames, ...spatial, channels] : [clips, node.attrs.frames, pixels, channels];
  const last = view.length - 1;
  const toNhwc = [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
  const toNchw = [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
  const moved = emit1(ctx, 'Transpose', [ctx.quantized(node.inputs[0] as string)], { perm: toNhwc }, 'to_nhwc');
  const clip = emitReshape(ctx, moved, nhwc, view, 'to_clips');
  const time = { ctx, rank: view.length, frames: node.attrs.frames };
  const parts = shiftChannelGroups(node.attrs, channels).map((g) => {
    const crop = { axis: last, start: g.start, end: g.end, size: channels };
    if (g.offset !== 0) return fromFrame(time, clip, g.offset === 1 ? 'next' : 'prev', crop, zero);
    const bounds = [int64s(ctx, 'starts', [g.start]), int64s(ctx, 'ends', [g.end]), int64s(ctx, 'axes', [last])];
    return emit1(ctx, 'Slice', [clip, ...bounds], {}, 'kept');
  });
  const joined = emit1(ctx, 'Concat', parts, { axis: last }, 'concat');
  const frames = emitReshape(ctx, joined, view, nhwc, 'to_frames');
  return [emit1(ctx, 'Transpose', [frames], { perm: toNchw }, 'to_nchw')];
}

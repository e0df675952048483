import { dimDiv, type Dim } from '../../ir/dim.js';
import type { NodeOf } from '../../ir/graph.js';
import { shiftChannelGroups } from '../../ir/ops/shift.js';
import type { LowerContext } from './context.js';
import { emit1 } from './emit1.js';
import { inputValue } from './inputs.js';
import { emitReshape } from './reshape-target.js';
import { zeroPointOf } from './quantize.js';

/**
 * shift on uint8 data (an int8 model, compiler/quantize), as a depthwise temporal convolution with one-hot
 * taps: viewed as [N, C, T, H*W], channel c's kernel along time is [0, 0, 1] (frame t takes t+1), [1, 0, 0]
 * (t-1) or [0, 1, 0] (stays), padded by one frame each side. In QDQ form (input and output with the
 * shifted value's scale and zero point, weights 1 with scale 1) onnxruntime runs it as one depthwise
 * QLinearConv whose integer arithmetic is exact: y = (x - zp) * 1 + zp = x, and the padding is the zero
 * point, so frames from outside the clip are the quantized 0. It reads the activation once and writes it
 * once (a Slice/Pad/Concat shift copies it twice). Written NHWC -> view -> NHWC, the Transposes around it
 * cancel against the ones onnxruntime puts around its NHWC convolutions: none remain.
 */
export function lowerShiftUint8(node: NodeOf<'shift'>, ctx: LowerContext): string[] {
  const input = inputValue(node, ctx);
  const params = input.quant;
  const [batch, channels, ...spatial] = input.shape;
  if (!params) throw new Error('the shift input is not quantized');
  if (typeof channels !== 'number') throw new Error('the channel axis must have a known size');
  const frames = node.attrs.frames;
  const clips = batch === undefined ? undefined : dimDiv(batch, frames);
  if (clips === undefined) throw new Error(`axis 0 is not a multiple of T = ${frames}`);
  const rank = input.shape.length;
  const pixels = spatial.every((d): d is number => typeof d === 'number') ? spatial.reduce((a, b) => a * b, 1) : undefined;
  if (pixels === undefined) throw new Error('a uint8 shift needs known spatial sizes');
  const nhwc: Dim[] = [batch as Dim, ...spatial, channels];
  const toNhwc = [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
  const toNchw = [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
  const scale = ctx.constant('scale', { dtype: 'float32', dims: [], data: Float32Array.of(params.scale) });
  const zero = zeroPointOf(ctx, input);

  const moved = emit1(ctx, 'Transpose', [ctx.quantized(node.inputs[0] as string)], { perm: toNhwc }, 'to_nhwc');
  const clip = emitReshape(ctx, moved, nhwc, [clips, frames, pixels, channels], 'to_clips');
  // [N, T, P, C] read as NHWC is [N, C, T, P]: the layout onnxruntime's QLinearConv runs in.
  const timeMajor = emit1(ctx, 'Transpose', [clip], { perm: [0, 3, 1, 2] }, 'to_time');
  const x = emit1(ctx, 'DequantizeLinear', [timeMajor, scale, zero], {}, 'dequantize');
  const shifted = emit1(ctx, 'Conv', [x, oneHotTaps(ctx, node, channels)], { group: channels, kernel_shape: [3, 1], pads: [1, 0, 1, 0] }, 'taps');
  const y = emit1(ctx, 'QuantizeLinear', [shifted, scale, zero], {}, 'quantize');
  const back = emit1(ctx, 'Transpose', [y], { perm: [0, 2, 3, 1] }, 'from_time');
  const frames2 = emitReshape(ctx, back, [clips, frames, pixels, channels], nhwc, 'to_frames');
  return [emit1(ctx, 'Transpose', [frames2], { perm: toNchw }, 'to_nchw')];
}

/** The [C, 1, 3, 1] weights: per channel a 1 at the tap of the frame it reads (int8, scale 1, dequantized). */
function oneHotTaps(ctx: LowerContext, node: NodeOf<'shift'>, channels: number): string {
  const taps = new Int8Array(channels * 3);
  for (const g of shiftChannelGroups(node.attrs, channels)) for (let c = g.start; c < g.end; c++) taps[c * 3 + 1 + g.offset] = 1;
  const weight = ctx.constant('taps', { dtype: 'int8', dims: [channels, 1, 3, 1], data: taps });
  const scale = ctx.constant('tap_scale', { dtype: 'float32', dims: [], data: Float32Array.of(1) });
  const zero = ctx.constant('tap_zero_point', { dtype: 'int8', dims: [], data: new Int8Array(1) });
  return emit1(ctx, 'DequantizeLinear', [weight, scale, zero], {}, 'taps/dequantize');
}

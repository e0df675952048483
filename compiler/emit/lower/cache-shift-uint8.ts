import type { NodeOf } from '../../ir/graph.js';
import { int64s } from './constants.js';
import type { LowerContext } from './context.js';
import { emit1 } from './emit1.js';
import { inputValue } from './inputs.js';

/**
 * cache_shift on uint8 data (an int8 online model): y = [cache, x[fold:]] and the next cache x[:fold], as
 * cache-shift.ts, but in NHWC order, the order onnxruntime's uint8 convolutions around it run in: the
 * frame's Transposes cancel against onnxruntime's own, and the cache itself is NHWC, `[N, H, W, fold]`
 * (compiler/quantize/annotate.ts), uint8 with the shifted value's scale and zero point (the contract
 * lists them). With an NCHW cache, onnxruntime's transpose optimizer moves the cache's small Transposes
 * onto the frame's kept channels, two large Transposes per shift.
 */
export function lowerCacheShiftUint8(node: NodeOf<'cache_shift'>, ctx: LowerContext): string[] {
  const fold = node.attrs.foldChannels;
  const shape = inputValue(node, ctx).shape;
  const channels = shape[1];
  if (typeof channels !== 'number') throw new Error('cache_shift needs a known channel count');
  const rank = shape.length;
  const toNhwc = [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
  const toNchw = [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
  const last = int64s(ctx, 'axes', [rank - 1]);
  const x = emit1(ctx, 'Transpose', [ctx.quantized(node.inputs[0] as string)], { perm: toNhwc }, 'to_nhwc');
  const cache = ctx.quantized(node.inputs[1] as string);
  const kept = emit1(ctx, 'Slice', [x, int64s(ctx, 'starts', [fold]), int64s(ctx, 'ends', [channels]), last], {}, 'kept');
  const joined = emit1(ctx, 'Concat', [cache, kept], { axis: rank - 1 }, 'join');
  const y = emit1(ctx, 'Transpose', [joined], { perm: toNchw }, 'to_nchw');
  return [y, emit1(ctx, 'Slice', [x, int64s(ctx, 'starts', [0]), int64s(ctx, 'ends', [fold]), last], {}, 'cache')];
}

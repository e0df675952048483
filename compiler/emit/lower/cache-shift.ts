import type { NodeOf } from '../../ir/graph.js';
import { int64s } from './constants.js';
import type { LowerContext } from './context.js';
import { emit1 } from './emit1.js';
import { inputName, inputValue } from './inputs.js';

/**
 * cache_shift (online past-only shift of one frame): y = Concat(cache, x[:, fold:]) on channels,
 * new cache = x[:, :fold]. After fuse-shift-conv this node is gone: the producer writes x's
 * channel groups apart and the cache is read and written without a copy.
 */
export function lowerCacheShift(node: NodeOf<'cache_shift'>, ctx: LowerContext): string[] {
  const { foldChannels: fold } = node.attrs;
  const channels = inputValue(node, ctx).shape[1];
  if (typeof channels !== 'number') throw new Error('cache_shift needs a known channel count');
  const x = inputName(node, ctx);
  const cache = inputName(node, ctx, 1);
  const axes = int64s(ctx, 'axes', [1]);
  const kept = emit1(ctx, 'Slice', [x, int64s(ctx, 'starts', [fold]), int64s(ctx, 'ends', [channels]), axes], {}, 'kept');
  const y = emit1(ctx, 'Concat', [cache, kept], { axis: 1 }, 'join');
  const next = emit1(ctx, 'Slice', [x, int64s(ctx, 'starts', [0]), int64s(ctx, 'ends', [fold]), axes], {}, 'cache');
  return [y, next];
}

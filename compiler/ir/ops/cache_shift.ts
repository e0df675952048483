/** cache_shift: a past-only shift for one frame, reading the previous frame's channels from a cache input. */
import { first, sameAs } from './common.js';
import { PER_FRAME, type IROpRule } from './schema.js';

export const cacheShiftRule: IROpRule<'cache_shift'> = {
  facts: { time: PER_FRAME, channels: 'mixing', betweenShiftAndConv: false, blockedOnnxOps: [], int8: { kind: 'moves' } },
  infer(a, inputs) {
    const x = first(inputs);
    const cache = inputs[1];
    if (!x || !cache) return 'needs the frame and its cache';
    if (cache.shape[1] !== a.foldChannels || x.shape.length !== cache.shape.length) return `cache must hold ${a.foldChannels} channels`;
    return sameAs(x);
  },
};

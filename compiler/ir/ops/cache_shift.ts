/** cache_shift: a past-only shift for one frame, reading the previous frame's channels from a cache input. */
import { first, sameAs } from './common.js';
import type { IROpRule } from './schema.js';

export const cacheShiftRule: IROpRule<'cache_shift'> = {
  infer(a, inputs) {
    const x = first(inputs);
    const cache = inputs[1];
    if (!x || !cache) return 'needs the frame and its cache';
    if (cache.shape[1] !== a.fold || x.shape.length !== cache.shape.length) return `cache must hold ${a.fold} channels`;
    return sameAs(x);
  },
};

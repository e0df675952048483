/** time_shift: one channel group of a temporal shift, moved whole along time (added by fuse-shift-conv). */
import { first, sameAs } from './common.js';
import type { IROpRule } from './schema.js';

export const timeShiftRule: IROpRule<'time_shift'> = {
  infer(a, inputs) {
    const x = first(inputs);
    if (!x || x.time?.form !== 'merged' || x.time.length !== a.frames) return 'needs merged frames';
    if (a.offset !== 1 && a.offset !== -1) return 'offset must be +1 or -1';
    return sameAs(x);
  },
};

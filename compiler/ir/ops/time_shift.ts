/** time_shift: one channel group of a temporal shift, moved along time (added by fuse-shift-conv). */
import { first, sameAs } from './common.js';
import type { IROpRule } from './schema.js';

export const timeShiftRule: IROpRule<'time_shift'> = {
  facts: { time: { kind: 'moves-frames' }, channels: 'mixing', betweenShiftAndConv: false, blockedOnnxOps: ['Reshape', 'Pad'] },
  infer(a, inputs) {
    const x = first(inputs);
    if (x?.time?.form !== 'merged' || x.time.length !== a.frames) return 'needs merged frames';
    if (a.offset !== 1 && a.offset !== -1) return 'offset must be +1 or -1';
    if (!a.channels) return sameAs(x);
    const [start, end] = a.channels;
    const size = x.shape[1];
    if (typeof size !== 'number') return 'a channel range needs a known channel count';
    if (start < 0 || end > size || start >= end) return `channels [${start}, ${end}) do not fit ${size}`;
    const shape = [...x.shape];
    shape[1] = end - start;
    return { shape, time: x.time };
  },
};

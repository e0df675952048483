/** slice: channels [start, end) of one axis (added by passes where a channel group must be copied out). */
import { first } from './common.js';
import { PER_FRAME, type IROpRule } from './schema.js';

export const sliceRule: IROpRule<'slice'> = {
  facts: {
    time: (a) => (a.axis === 0 ? { kind: 'mixes-frames', why: 'it slices the merged frame axis' } : PER_FRAME),
    channels: 'mixing',
    betweenShiftAndConv: false,
    blockedOnnxOps: [],
  },
  infer(a, inputs) {
    const x = first(inputs);
    const size = x?.shape[a.axis];
    if (!x || typeof size !== 'number') return 'slices need a known size on the axis';
    if (a.start < 0 || a.end > size || a.start >= a.end) return `range [${a.start}, ${a.end}) does not fit ${size}`;
    const shape = [...x.shape];
    shape[a.axis] = a.end - a.start;
    return { shape, ...(x.time ? { time: x.time } : {}) };
  },
};

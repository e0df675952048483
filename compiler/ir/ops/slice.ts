/** slice: channels [start, end) of one axis (added by passes where a channel group must be copied out). */
import { first } from './common.js';
import type { IROpRule } from './schema.js';

export const sliceRule: IROpRule<'slice'> = {
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

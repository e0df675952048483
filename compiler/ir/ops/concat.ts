/** concat: joins values along one axis; every other axis must agree (added by passes). */
import { dimEquals } from '../dim.js';
import { PER_FRAME, type IROpRule } from './schema.js';

export const concatRule: IROpRule<'concat'> = {
  facts: { time: (a) => (a.axis === 0 ? { kind: 'mixes-frames', why: 'it joins along the merged frame axis' } : PER_FRAME), channels: 'mixing', betweenShiftAndConv: false, blockedOnnxOps: [] },
  infer(a, inputs) {
    const [x] = inputs;
    if (!x) return 'concat needs inputs';
    let total = 0;
    for (const v of inputs) {
      const size = v.shape[a.axis];
      if (typeof size !== 'number') return 'concat needs known sizes on the axis';
      if (v.shape.length !== x.shape.length || v.shape.some((d, i) => i !== a.axis && !dimEquals(d, x.shape[i] ?? 0))) {
        return 'inputs differ off the concat axis';
      }
      total += size;
    }
    const shape = [...x.shape];
    shape[a.axis] = total;
    return { shape, ...(x.time ? { time: x.time } : {}) };
  },
};

/** softmax(axis=-1): same shape, normalized along one axis. */
import { AxisOutOfRange } from '../../../base/diagnostics/codes.js';
import { first, normalizeAxis, sameAs } from './common.js';
import { PER_FRAME, type IROpRule, type SurfaceOp } from './schema.js';

export const softmaxRule: IROpRule<'softmax'> = {
  facts: { time: PER_FRAME, channels: 'mixing', betweenShiftAndConv: false, blockedOnnxOps: [] },
  infer: (a, inputs) => {
    const x = first(inputs);
    if (x && normalizeAxis(a.axis, x.shape.length) !== a.axis) return `axis ${a.axis} is not a normalized axis`;
    return sameAs(x);
  },
};

export const softmax: SurfaceOp = {
  name: 'softmax',
  tokens: 'keep',
  hasParams: false,
  args: [{ name: 'axis', type: { kind: 'int' }, default: -1 }],
  apply(call) {
    const rank = call.input.shape.length;
    const axis = normalizeAxis(call.int('axis'), rank);
    if (axis === undefined) return void call.report(AxisOutOfRange, { op: 'softmax', axis: call.int('axis'), rank }, 'axis');
    return call.emit('softmax', { axis });
  },
};

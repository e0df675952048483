/** global_avgpool: `[B, C, *S] -> [B, C]`, the mean over every spatial axis. */
import { first, keepTime, requireRank } from './common.js';
import { PER_FRAME, type IROpRule, type SurfaceOp } from './schema.js';

export const globalAvgpoolRule: IROpRule<'global_avgpool'> = {
  facts: { time: PER_FRAME, channels: 'independent', betweenShiftAndConv: false, blockedOnnxOps: [], int8: { kind: 'compute' } },
  infer(_a, inputs) {
    const x = first(inputs);
    if (!x || x.shape.length < 3) return 'expects [B, C, *S]';
    const shape = x.shape.slice(0, 2);
    const time = keepTime(x, shape);
    return { shape, ...(time ? { time } : {}) };
  },
};

export const global_avgpool: SurfaceOp = {
  name: 'global_avgpool',
  doc: {
    shapes: '`[B, C, *S] -> [B, C]`',
    text: 'The mean over every spatial axis.',
  },
  tokens: 'reject',
  hasParams: false,
  args: [],
  apply(call) {
    if (!requireRank(call, 'at least 3 dimensions [B, C, *S]', call.input.shape.length >= 3)) return undefined;
    return call.emit('global_avgpool', {});
  },
};

/** maxpool(k, stride=k, pad=0): floor formula, no parameters. */
import { poolArgs, poolInfer, poolWindow } from './pool.js';
import { PER_FRAME, type IROpRule, type SurfaceOp } from './schema.js';

export const maxpoolRule: IROpRule<'maxpool'> = {
  facts: { time: PER_FRAME, channels: 'independent', betweenShiftAndConv: false, blockedOnnxOps: [], int8: { kind: 'moves' } },
  infer: poolInfer,
};

export const maxpool: SurfaceOp = {
  name: 'maxpool',
  tokens: 'reject',
  hasParams: false,
  args: poolArgs,
  apply(call) {
    const w = poolWindow(call);
    return w && call.emit('maxpool', w);
  },
};

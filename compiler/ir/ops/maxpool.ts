/** maxpool(k, stride=k, pad=0): floor formula, no parameters. */
import { poolArgs, poolInfer, poolWindow } from './pool.js';
import type { IROpRule, SurfaceOp } from './schema.js';

export const maxpoolRule: IROpRule<'maxpool'> = { infer: poolInfer };

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

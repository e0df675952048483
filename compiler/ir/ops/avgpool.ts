/** avgpool(k, stride=k, pad=0): floor formula; padding counts in the average (PyTorch's default). */
import { poolArgs, poolInfer, poolWindow } from './pool.js';
import type { IROpRule, SurfaceOp } from './schema.js';

export const avgpoolRule: IROpRule<'avgpool'> = { infer: poolInfer };

export const avgpool: SurfaceOp = {
  name: 'avgpool',
  tokens: 'reject',
  hasParams: false,
  args: poolArgs,
  apply(call) {
    const w = poolWindow(call);
    return w && call.emit('avgpool', { ...w, countIncludePad: true });
  },
};

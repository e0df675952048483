/** avgpool(k, stride=k, pad=0): floor formula; padding counts in the average (PyTorch's default). */
import { poolArgs, poolInfer, poolWindow } from './pool.js';
import { PER_FRAME, type IROpRule, type SurfaceOp } from './schema.js';

export const avgpoolRule: IROpRule<'avgpool'> = {
  facts: { time: PER_FRAME, channels: 'independent', betweenShiftAndConv: false, blockedOnnxOps: [], int8: { kind: 'compute' } },
  infer: poolInfer,
};

export const avgpool: SurfaceOp = {
  name: 'avgpool',
  doc: {
    shapes: "`[B, C, *S] -> [B, C, *S']`",
    text: "The average over windows on 1 to 3 spatial axes, with the convolution's floor formula. Padding counts in the average (PyTorch's default).",
  },
  tokens: 'reject',
  hasParams: false,
  args: poolArgs,
  apply(call) {
    const w = poolWindow(call);
    return w && call.emit('avgpool', { ...w, countIncludePad: true });
  },
};

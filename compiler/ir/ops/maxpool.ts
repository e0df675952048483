/** maxpool(k, stride=k, pad=0): floor formula, no parameters. */
import { poolArgs, poolInfer, poolWindow } from './pool.js';
import { PER_FRAME, type IROpRule, type SurfaceOp } from './schema.js';

export const maxpoolRule: IROpRule<'maxpool'> = {
  facts: { time: PER_FRAME, channels: 'independent', betweenShiftAndConv: false, blockedOnnxOps: [], int8: { kind: 'moves' } },
  infer: poolInfer,
};

export const maxpool: SurfaceOp = {
  name: 'maxpool',
  doc: {
    shapes: "`[B, C, *S] -> [B, C, *S']`",
    text: "The maximum over windows on 1 to 3 spatial axes, with the convolution's floor formula.",
  },
  tokens: 'reject',
  hasParams: false,
  args: poolArgs,
  apply(call) {
    const w = poolWindow(call);
    return w && call.emit('maxpool', w);
  },
};

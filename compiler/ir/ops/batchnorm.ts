/** batchnorm: `[B, C, ...]` same shape; torchvision's weight, bias, running_mean, running_var (inference form). */
import { first, knownDim, requireRank, sameAs } from './common.js';
import { PER_FRAME, type IROpRule, type SurfaceOp } from './schema.js';

export const batchnormRule: IROpRule<'batchnorm'> = {
  facts: { time: PER_FRAME, channels: 'independent', betweenShiftAndConv: true, blockedOnnxOps: [] },
  infer: (_a, inputs) => {
    const x = first(inputs);
    if (x && (x.shape.length < 2 || typeof x.shape[1] !== 'number')) return 'needs a known channel axis 1';
    return sameAs(x);
  },
  buffers: ['running_mean', 'running_var'],
};

export const batchnorm: SurfaceOp = {
  name: 'batchnorm',
  doc: {
    shapes: '`[B, C, ...]` same',
    params: '`weight, bias, running_mean, running_var [C]`',
    text: 'Batch normalization in its inference form (the running statistics are buffers, `num_batches_tracked` is ignored).',
  },
  tokens: 'reject',
  hasParams: true,
  args: [{ name: 'eps', type: { kind: 'float' }, default: 1e-5 }],
  apply(call) {
    if (!requireRank(call, 'at least 2 dimensions [B, C, ...]', call.input.shape.length >= 2)) return undefined;
    const c = knownDim(call, call.input.shape[1], `the channel count of batchnorm's input`);
    if (c === undefined) return undefined;
    return call.emit(
      'batchnorm',
      { eps: call.float('eps') },
      {
        params: {
          weight: { shape: [c], init: { kind: 'ones' } },
          bias: { shape: [c], init: { kind: 'zeros' } },
          running_mean: { shape: [c], init: { kind: 'zeros' } },
          running_var: { shape: [c], init: { kind: 'ones' } },
        },
      },
    );
  },
};

/** layernorm: normalizes over the last axis `D`; weight (ones) and bias (zeros) of size D. */
import { first, knownDim, requireRank, sameAs } from './common.js';
import { PER_FRAME, type IROpRule, type SurfaceOp } from './schema.js';

export const layernormRule: IROpRule<'layernorm'> = {
  facts: { time: PER_FRAME, channels: 'mixing', betweenShiftAndConv: false, blockedOnnxOps: [] },
  infer: (_a, inputs) => {
    const x = first(inputs);
    if (x && typeof x.shape[x.shape.length - 1] !== 'number') return 'needs a known last axis';
    return sameAs(x);
  },
};

export const layernorm: SurfaceOp = {
  name: 'layernorm',
  doc: {
    shapes: '`[..., D]` same',
    params: '`weight, bias [D]`',
    text: 'Layer normalization over the last axis.',
  },
  tokens: 'keep',
  hasParams: true,
  args: [{ name: 'eps', type: { kind: 'float' }, default: 1e-5 }],
  apply(call) {
    const x = call.input;
    if (!requireRank(call, 'at least 1 dimension', x.shape.length >= 1)) return undefined;
    const d = knownDim(call, x.shape[x.shape.length - 1], `the last axis of layernorm's input`);
    if (d === undefined) return undefined;
    return call.emit(
      'layernorm',
      { eps: call.float('eps') },
      {
        params: { weight: { shape: [d], init: { kind: 'ones' } }, bias: { shape: [d], init: { kind: 'zeros' } } },
      },
    );
  },
};

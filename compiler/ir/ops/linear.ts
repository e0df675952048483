/** linear(out, bias=true): `[..., D] -> [..., out]`; torchvision's `weight [out, D]`, `bias [out]`. */
import { atLeast, first, keepTime, knownDim, perSample, requireRank } from './common.js';
import { PER_FRAME, type IROpRule, type SurfaceOp } from './schema.js';

export const linearRule: IROpRule<'linear'> = {
  facts: { time: PER_FRAME, channels: 'mixing', betweenShiftAndConv: false, blockedOnnxOps: [], int8: { kind: 'compute' } },
  infer(a, inputs) {
    const x = first(inputs);
    if (!x || x.shape.length < 1) return 'expects at least 1 dimension';
    const shape = [...x.shape.slice(0, -1), a.outFeatures];
    const time = keepTime(x, shape);
    return { shape, ...(time ? { time } : {}), ...(x.tokens ? { tokens: x.tokens } : {}) };
  },
  macs(_node, inputs, output) {
    const x = inputs[0];
    const d = x?.shape[x.shape.length - 1];
    return perSample(output) * (typeof d === 'number' ? d : 0);
  },
};

export const linear: SurfaceOp = {
  name: 'linear',
  doc: {
    shapes: '`[..., D] -> [..., out]`',
    params: '`weight [out, D]`, `bias [out]`',
    text: 'A fully connected layer over the last axis (`nn.Linear`).',
  },
  tokens: 'keep',
  hasParams: true,
  args: [
    { name: 'out', type: { kind: 'int' } },
    { name: 'bias', type: { kind: 'bool' }, default: true },
  ],
  apply(call) {
    const x = call.input;
    if (!requireRank(call, 'at least 1 dimension [..., D]', x.shape.length >= 1)) return undefined;
    const d = knownDim(call, x.shape[x.shape.length - 1], `the last axis of linear's input`);
    const out = call.int('out');
    if (d === undefined || !atLeast(call, 'out', [out], 1)) return undefined;
    return call.emit(
      'linear',
      { outFeatures: out },
      {
        params: {
          weight: { shape: [out, d], init: { kind: 'uniform_fan_in', fanIn: d } },
          ...(call.bool('bias') ? { bias: { shape: [out], init: { kind: 'uniform_fan_in', fanIn: d } } } : {}),
        },
      },
    );
  },
};

/**
 * mlp(hidden, out=D, approximate=none): the Mlp of TimeSformer, VideoMAE and ViViT (scenic's MlpBlock), lowered to
 * linear `fc1`, gelu `act` (exact, or the tanh approximation with approximate=tanh), linear `fc2`.
 */
import { atLeast, knownDim, requireRank } from './common.js';
import { APPROXIMATE } from './gelu.js';
import type { SurfaceOp } from './schema.js';

export const mlp: SurfaceOp = {
  name: 'mlp',
  doc: {
    shapes: '`[..., D] -> [..., out]`',
    params: '`fc1.*`, `fc2.*`',
    text: "linear, gelu, linear (the `Mlp` of TimeSformer and VideoMAE); `approximate=tanh` for scenic's `MlpBlock`.",
  },
  tokens: 'keep',
  hasParams: true,
  args: [{ name: 'hidden', type: { kind: 'int' } }, { name: 'out', type: { kind: 'int' }, optional: true, shownDefault: 'D' }, APPROXIMATE],
  apply(call) {
    const x = call.input;
    if (!requireRank(call, 'at least 1 dimension [..., D]', x.shape.length >= 1)) return undefined;
    const d = knownDim(call, x.shape[x.shape.length - 1], `the last axis of mlp's input`);
    if (d === undefined) return undefined;
    const hidden = call.int('hidden');
    const out = call.given('out') ? call.int('out') : d;
    if (!atLeast(call, 'hidden', [hidden], 1) || !atLeast(call, 'out', [out], 1)) return undefined;
    const fc1 = call.emit(
      'linear',
      { outFeatures: hidden },
      {
        name: 'fc1',
        params: {
          weight: { shape: [hidden, d], init: { kind: 'uniform_fan_in', fanIn: d } },
          bias: { shape: [hidden], init: { kind: 'uniform_fan_in', fanIn: d } },
        },
      },
    );
    const act = fc1 && call.emit(call.word('approximate') === 'tanh' ? 'gelu_tanh' : 'gelu', {}, { name: 'act', inputs: [fc1] });
    return (
      act &&
      call.emit(
        'linear',
        { outFeatures: out },
        {
          name: 'fc2',
          inputs: [act],
          params: {
            weight: { shape: [out, hidden], init: { kind: 'uniform_fan_in', fanIn: hidden } },
            bias: { shape: [out], init: { kind: 'uniform_fan_in', fanIn: hidden } },
          },
        },
      )
    );
  },
};

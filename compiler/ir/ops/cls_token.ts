/**
 * cls_token: prepends the learnable cls token `[1, 1, D]`, named by the label itself (`as cls_token`), as the
 * official implementations do:
 * - patch tokens [N, T*S, D] (cls none) -> [N*T, 1+S, D], one cls token in every frame, frames merged into the
 *   batch (TimeSformer, ViViT's spatial transformer);
 * - a plain sequence [N, L, D] -> [N, 1+L, D], one cls token in front (ViViT's temporal transformer).
 */
import { NotTokens, WrongTokenLayout } from '../../../base/diagnostics/codes.js';
import { dimMul, shapeToString } from '../dim.js';
import type { IRValue } from '../graph.js';
import { first } from './common.js';
import { PER_FRAME, type Inferred, type IROpRule, type SurfaceOp } from './schema.js';
import { describeTokens, plainSequence, sequenceLayout, tokensPerRow } from './tokens.js';

function withClsToken(x: IRValue): Inferred | string {
  const t = x.tokens;
  const d = x.shape[2] ?? 1;
  if (!t) {
    const sequence = plainSequence(x);
    if (!sequence) return 'needs patch tokens or a [N, L, D] sequence';
    const tokens = sequenceLayout(sequence.frames, 'shared');
    return { shape: [x.shape[0] ?? 1, tokensPerRow(tokens), d], tokens };
  }
  if (t.cls !== 'none' || t.sequence) return 'needs patch tokens without a cls token';
  const tokens = { ...t, cls: 'per_frame' } as const;
  return {
    shape: [dimMul(x.shape[0] ?? 1, t.frames), tokensPerRow(tokens), d],
    tokens,
    time: { length: t.frames, form: 'merged', axis: 0 },
  };
}

export const clsTokenRule: IROpRule<'cls_token'> = {
  facts: { time: PER_FRAME, channels: 'mixing', betweenShiftAndConv: false, blockedOnnxOps: [] },
  infer(_a, inputs) {
    const x = first(inputs);
    return x ? withClsToken(x) : 'missing input';
  },
};

export const cls_token: SurfaceOp = {
  name: 'cls_token',
  doc: {
    shapes: 'tokens -> tokens with a cls token per frame; `[N, L, D] -> [N, 1+L, D]`',
    params: '`cls_token [1, 1, D]` (the label itself, e.g. `as cls_token`)',
    text: "Puts a learned cls token in front of each frame's patch tokens. On a plain sequence, one cls token in front (ViViT's temporal transformer).",
  },
  tokens: 'own',
  hasParams: true,
  args: [],
  apply(call) {
    const x = call.input;
    if (!x.tokens && !plainSequence(x)) return void call.report(NotTokens, { op: 'cls_token', shape: shapeToString(x.shape), sequence: true });
    if (x.tokens && x.tokens.cls !== 'none') {
      return void call.report(WrongTokenLayout, { op: 'cls_token', expected: 'patch tokens without a cls token', found: describeTokens(x.tokens) });
    }
    const d = x.shape[2] as number;
    return call.emit('cls_token', {}, { params: { value: { shape: [1, 1, d], init: { kind: 'trunc_normal', std: 0.02 }, suffix: '' } } });
  },
};

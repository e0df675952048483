/**
 * cls_token: prepends the learnable cls token to every frame: patch tokens [N, T*S, D] (cls none) ->
 * [N*T, 1+S, D] (cls per_frame), frames merged into the batch. The parameter is named by the label itself
 * (`as cls_token` -> `cls_token [1, 1, D]`), as in the official implementation.
 */
import { NotTokens, WrongTokenLayout } from '../../diagnostics/codes.js';
import { dimMul, shapeToString } from '../dim.js';
import { first } from './common.js';
import { PER_FRAME, type IROpRule, type SurfaceOp } from './schema.js';
import { tokensPerRow } from './tokens.js';

export const clsTokenRule: IROpRule<'cls_token'> = {
  facts: { time: PER_FRAME, channels: 'mixing', betweenShiftAndConv: false, blockedOnnxOps: [] },
  infer(_a, inputs) {
    const x = first(inputs);
    const t = x?.tokens;
    if (!x || !t || t.cls !== 'none') return 'needs patch-only tokens';
    const tokens = { ...t, cls: 'per_frame' } as const;
    return {
      shape: [dimMul(x.shape[0] ?? 1, t.frames), tokensPerRow(tokens), x.shape[2] ?? 1],
      tokens,
      time: { length: t.frames, form: 'merged', axis: 0 },
    };
  },
};

export const cls_token: SurfaceOp = {
  name: 'cls_token',
  tokens: 'own',
  hasParams: true,
  args: [],
  apply(call) {
    const x = call.input;
    if (!x.tokens) return void call.report(NotTokens, { op: 'cls_token', shape: shapeToString(x.shape) });
    if (x.tokens.cls !== 'none') return void call.report(WrongTokenLayout, { op: 'cls_token', expected: 'patch-only (none)', found: x.tokens.cls });
    const d = x.shape[2] as number;
    return call.emit('cls_token', {}, { params: { value: { shape: [1, 1, d], init: { kind: 'trunc_normal', std: 0.02 }, suffix: '' } } });
  },
};

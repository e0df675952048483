/** pos_embed: adds the position embedding `[1, 1+S, D]` (cls position first) to every frame's tokens. */
import { NotTokens, WrongTokenLayout } from '../../diagnostics/codes.js';
import { shapeToString } from '../dim.js';
import { first, sameAs } from './common.js';
import { PER_FRAME, type IROpRule, type SurfaceOp } from './schema.js';
import { tokensPerRow } from './tokens.js';

export const posEmbedRule: IROpRule<'pos_embed'> = {
  facts: { time: PER_FRAME, channels: 'mixing', betweenShiftAndConv: false, blockedOnnxOps: [] },
  infer(_a, inputs) {
    const x = first(inputs);
    if (x?.tokens?.cls !== 'per_frame') return 'needs per-frame tokens';
    return sameAs(x);
  },
};

export const pos_embed: SurfaceOp = {
  name: 'pos_embed',
  tokens: 'own',
  hasParams: true,
  args: [],
  apply(call) {
    const x = call.input;
    if (!x.tokens) return void call.report(NotTokens, { op: 'pos_embed', shape: shapeToString(x.shape) });
    if (x.tokens.cls !== 'per_frame') return void call.report(WrongTokenLayout, { op: 'pos_embed', expected: 'per_frame', found: x.tokens.cls });
    const d = x.shape[2] as number;
    const init = { kind: 'trunc_normal', std: 0.02 } as const;
    return call.emit('pos_embed', {}, { params: { value: { shape: [1, tokensPerRow(x.tokens), d], init, suffix: '' } } });
  },
};

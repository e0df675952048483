/**
 * time_embed: adds the time embedding `[1, T, D]` to the patch tokens and keeps one cls token for the clip
 * (the first frame's, as the official implementation does): per_frame [N*T, 1+S, D] -> shared [N, 1+T*S, D].
 */
import { NotTokens, WrongTokenLayout } from '../../../base/diagnostics/codes.js';
import { dimDiv, shapeToString } from '../dim.js';
import { first } from './common.js';
import type { IROpRule, SurfaceOp } from './schema.js';
import { describeTokens, tokensPerRow } from './tokens.js';

export const timeEmbedRule: IROpRule<'time_embed'> = {
  facts: {
    time: { kind: 'mixes-frames', why: 'it adds a different embedding for each frame position of the clip' },
    channels: 'mixing',
    betweenShiftAndConv: false,
    blockedOnnxOps: [],
  },
  infer(_a, inputs) {
    const x = first(inputs);
    const t = x?.tokens;
    if (!x || !t || t.cls !== 'per_frame') return 'needs per-frame tokens';
    const n = x.shape[0] !== undefined ? dimDiv(x.shape[0], t.frames) : undefined;
    if (n === undefined) return 'axis 0 is not a multiple of the frames';
    const tokens = { ...t, cls: 'shared' } as const;
    return { shape: [n, tokensPerRow(tokens), x.shape[2] ?? 1], tokens };
  },
};

export const time_embed: SurfaceOp = {
  name: 'time_embed',
  doc: {
    shapes: 'adds the time embedding to patch tokens; one cls token for the clip',
    params: '`time_embed [1, T, D]`',
    text: "TimeSformer's learned time embedding, one row per frame, added to the patch tokens; the first frame's cls token becomes the clip's.",
  },
  tokens: 'own',
  hasParams: true,
  args: [],
  apply(call) {
    const x = call.input;
    if (!x.tokens) return void call.report(NotTokens, { op: 'time_embed', shape: shapeToString(x.shape), sequence: false });
    if (x.tokens.cls !== 'per_frame') {
      return void call.report(WrongTokenLayout, { op: 'time_embed', expected: 'patch tokens with a cls token in each frame', found: describeTokens(x.tokens) });
    }
    const d = x.shape[2] as number;
    const init = { kind: 'trunc_normal', std: 0.02 } as const;
    return call.emit('time_embed', {}, { params: { value: { shape: [1, x.tokens.frames, d], init, suffix: '' } } });
  },
};

/**
 * pos_embed(table=learned): adds a position embedding, one position per token of a row, cls first:
 * - tokens with a cls token in each frame: `[1, 1+S, D]`, the same for every frame (TimeSformer);
 * - patch tokens without a cls token: `[1, T*S, D]` over all tokens of the clip (VideoMAE's learned option);
 * - one cls token for the clip: `[1, 1+T*S, D]`; a plain sequence [N, L, D]: `[1, L, D]` (ViViT's temporal
 *   transformer, `[1, 1+L, D]` after its cls token).
 * The learned table is the parameter named by the label itself (`as pos_embed`). `table=sincos` is VideoMAE's
 * fixed table instead (`get_sinusoid_encoding_table`; no parameter, not in the state dict).
 */
import { NotTokens } from '../../../base/diagnostics/codes.js';
import { shapeToString } from '../dim.js';
import type { IRValue, TokenLayout } from '../graph.js';
import { first } from './common.js';
import { PER_FRAME, type IROpRule, type SurfaceOp } from './schema.js';
import { plainSequence, tokensPerRow } from './tokens.js';

/** The layout pos_embed numbers positions in: the value's tokens, or a plain [N, L, D] sequence. */
export function positionLayout(x: IRValue): TokenLayout | undefined {
  return x.tokens ?? plainSequence(x);
}

export const posEmbedRule: IROpRule<'pos_embed'> = {
  facts: {
    time: (a) => (a.acrossFrames ? { kind: 'mixes-frames', why: 'it adds a different position embedding to the tokens of each frame' } : PER_FRAME),
    channels: 'mixing',
    betweenShiftAndConv: false,
    blockedOnnxOps: [],
  },
  infer(a, inputs) {
    const x = first(inputs);
    const layout = x && positionLayout(x);
    if (!x || !layout) return 'needs tokens or a [N, L, D] sequence';
    if (a.acrossFrames !== acrossFrames(layout)) return 'acrossFrames does not match the layout';
    // The shape is unchanged, so a time axis of its own (a sequence over frames, after unframes) stays where it is.
    return { shape: x.shape, ...(x.time ? { time: x.time } : {}), ...(x.tokens ? { tokens: x.tokens } : {}) };
  },
};

/** Whether the positions of a row differ between frames (every layout but a cls token in each frame). */
function acrossFrames(layout: TokenLayout): boolean {
  return layout.cls !== 'per_frame' && layout.frames > 1;
}

export const pos_embed: SurfaceOp = {
  name: 'pos_embed',
  doc: {
    shapes: 'adds the position embedding',
    params: '`pos_embed [1, P, D]`: P positions per row, cls first (`1 + S` per frame, `T*S` without cls, `L` for a sequence)',
    text: "A learned position embedding (`table=learned`); `table=sincos` is VideoMAE's fixed sin-cos table, no parameter.",
  },
  tokens: 'own',
  hasParams: true,
  noParamsWhen: { name: 'table', word: 'sincos' },
  args: [{ name: 'table', type: { kind: 'word', words: ['learned', 'sincos'] }, default: 'learned' }],
  apply(call) {
    const x = call.input;
    const layout = positionLayout(x);
    if (!layout) return void call.report(NotTokens, { op: 'pos_embed', shape: shapeToString(x.shape), sequence: true });
    const table = call.word('table') === 'sincos' ? 'sincos' : 'learned';
    const attrs = { table, acrossFrames: acrossFrames(layout) } as const;
    if (table === 'sincos') return call.emit('pos_embed', attrs);
    const d = x.shape[2] as number;
    const init = { kind: 'trunc_normal', std: 0.02 } as const;
    return call.emit('pos_embed', attrs, { params: { value: { shape: [1, tokensPerRow(layout), d], init, suffix: '' } } });
  },
};

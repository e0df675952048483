/**
 * attention(heads, over=space, cls=default, bias=qkv): multi-head self-attention over groups of tokens
 * (TimeSformer, VideoMAE, ViViT). Parameters `qkv.weight [3D, D]`, `proj.weight [D, D]`, `proj.bias`, and the
 * q/k/v biases: `qkv.bias [3D]` (bias=qkv), VideoMAE's `q_bias` and `v_bias [D]` with no k bias (bias=qv), or
 * none (bias=none); trunc_normal(0.02) weights and zero biases. Scale head_dim^-0.5 in every case.
 *
 * Groups per clip (T frames of h x w patches, S = h*w):
 *   time: S groups of T | space: T groups of S | all: 1 group of T*S | width: T*h rows of w |
 *   height: T*w columns of h | local: 4 windows of T x h/2 x w/2 | global: 8 stride-2 sets of T/2 x h/2 x w/2.
 * With cls the cls token joins every group (so each group is one longer) and its outputs are averaged;
 * without, the output holds patch tokens only (cls none). Per-frame tokens only attend over space.
 * A plain [N, L, D] sequence (and a sequence after its cls token) attends over all of it (`over=all`).
 */
import { AttentionOverLayout, GridNotEven, HeadsNotDividing, NoClsToken, NotTokens } from '../../../base/diagnostics/codes.js';
import { shapeToString } from '../dim.js';
import type { AttentionOver, OpAttrs, TokenLayout } from '../graph.js';
import { first, knownDim } from './common.js';
import { PER_FRAME, type IROpRule, type ParamSpec, type SurfaceOp } from './schema.js';
import { describeTokens, plainSequence, tokenShape } from './tokens.js';

const OVER: readonly AttentionOver[] = ['time', 'space', 'all', 'local', 'global', 'width', 'height'];
const BIAS: readonly OpAttrs['attention']['bias'][] = ['qkv', 'qv', 'none'];
const CLS_DEFAULT: Readonly<Record<AttentionOver, boolean>> = {
  time: false,
  space: true,
  all: true,
  local: false,
  global: true,
  width: false,
  height: true,
};

/** Groups per clip and tokens per group (without the cls token). */
export function attentionGroups(over: AttentionOver, t: TokenLayout): { groups: number; size: number } {
  const { frames: f, height: h, width: w } = t;
  switch (over) {
    case 'time':
      return { groups: h * w, size: f };
    case 'space':
      return { groups: f, size: h * w };
    case 'all':
      return { groups: 1, size: f * h * w };
    case 'width':
      return { groups: f * h, size: w };
    case 'height':
      return { groups: f * w, size: h };
    case 'local':
      return { groups: 4, size: (f * h * w) / 4 };
    case 'global':
      return { groups: 8, size: (f * h * w) / 8 };
  }
}

function outputLayout(a: OpAttrs['attention']): TokenLayout {
  if (a.layout.cls === 'per_frame') return a.layout;
  return a.cls ? a.layout : { ...a.layout, cls: 'none' };
}

export const attentionRule: IROpRule<'attention'> = {
  facts: {
    time: (a) => (a.over === 'space' || a.over === 'width' || a.over === 'height' ? PER_FRAME : { kind: 'mixes-frames', why: 'it attends across frames' }),
    channels: 'mixing',
    betweenShiftAndConv: false,
    blockedOnnxOps: [],
  },
  infer(a, inputs) {
    const x = first(inputs);
    if (!x) return 'missing input';
    if (a.dim % a.heads !== 0) return 'heads must divide the width';
    if (!x.tokens) {
      if (!plainSequence(x) || !a.layout.sequence || a.over !== 'all' || a.cls) return 'needs tokens or a plain [N, L, D] sequence attended over all';
      return { shape: x.shape, ...(x.time ? { time: x.time } : {}) };
    }
    if (x.tokens.sequence && a.over !== 'all') return 'a sequence attends over all';
    if (x.tokens.cls === 'per_frame' && (a.over !== 'space' || !a.cls)) return 'per-frame tokens attend over space with cls';
    if (x.tokens.cls === 'none' && a.cls) return 'no cls token';
    const tokens = outputLayout(a);
    const n = x.shape[0] ?? 1;
    const shape = x.tokens.cls === 'per_frame' ? x.shape : tokenShape(tokens, n, a.dim);
    const time = x.time;
    return { shape, tokens, ...(time ? { time } : {}) };
  },
  macs(node) {
    const a = node.attrs;
    const { groups, size } = attentionGroups(a.over, a.layout);
    const g = size + (a.cls ? 1 : 0);
    const rows = groups * g;
    const d = a.dim;
    return rows * d * 3 * d + groups * g * g * d * 2 + rows * d * d;
  },
};

export const attention: SurfaceOp = {
  name: 'attention',
  doc: {
    shapes: 'tokens -> tokens; `[N, L, D]` same',
    params: '`qkv.weight [3D, D]`, `qkv.bias` (`q_bias`, `v_bias [D]` with `bias=qv`; none with `bias=none`), `proj.weight [D, D]`, `proj.bias`',
    text: 'Multi-head self-attention within the token groups `over` chooses (`time`, `space`, `all`, `local`, `global`, `width`, `height`; `all` on a plain sequence); `cls` says whether the cls token joins every group. `bias` says which of q, k, v have a bias: `qkv`, `qv` (VideoMAE) or `none` (see "Tokens and attention").',
  },
  tokens: 'own',
  hasParams: true,
  args: [
    { name: 'heads', type: { kind: 'int' } },
    { name: 'over', type: { kind: 'word', words: OVER }, default: 'space' },
    { name: 'cls', type: { kind: 'bool' }, optional: true, shownDefault: 'by over' },
    { name: 'bias', type: { kind: 'word', words: BIAS }, default: 'qkv' },
  ],
  apply(call) {
    const x = call.input;
    const layout = x.tokens ?? plainSequence(x);
    if (!layout) return void call.report(NotTokens, { op: 'attention', shape: shapeToString(x.shape), sequence: true });
    const d = knownDim(call, x.shape[2], 'the token width');
    const heads = call.int('heads');
    // A sequence has one grouping: all of it, so `over` defaults to all there.
    const over = (layout.sequence && !call.given('over') ? 'all' : call.word('over')) as AttentionOver;
    if (d === undefined) return undefined;
    if (heads < 1 || d % heads !== 0) return void call.report(HeadsNotDividing, { heads, dim: d }, 'heads');
    if (layout.sequence && over !== 'all') {
      return void call.report(AttentionOverLayout, { over, layout: describeTokens(layout), sequence: true }, call.given('over') ? 'over' : undefined);
    }
    const cls = call.given('cls') ? call.bool('cls') : layout.cls === 'none' ? false : CLS_DEFAULT[over];
    if (layout.cls === 'per_frame' && (over !== 'space' || !cls)) {
      const shown = over !== 'space' ? over : 'space, cls=false';
      return void call.report(AttentionOverLayout, { over: shown, layout: describeTokens(layout), sequence: false }, over !== 'space' ? 'over' : 'cls');
    }
    if (layout.cls === 'none' && cls)
      return void call.report(NoClsToken, { op: 'attention(cls=true)', found: describeTokens(layout), sequence: layout.sequence === true }, 'cls');
    const halves = over === 'local' || over === 'global';
    const framesOdd = over === 'global' && layout.frames % 2 !== 0;
    if (halves && (layout.height % 2 !== 0 || layout.width % 2 !== 0 || framesOdd)) {
      return void call.report(GridNotEven, { over, frames: layout.frames, height: layout.height, width: layout.width }, 'over');
    }
    const bias = call.word('bias') as OpAttrs['attention']['bias'];
    return call.emit('attention', { heads, dim: d, over, cls, layout, bias }, { params: attentionParams(d, bias) });
  },
};

/** qkv and proj, with the q/k/v biases `bias` asks for (VideoMAE: q_bias and v_bias, none on k). */
function attentionParams(d: number, bias: OpAttrs['attention']['bias']): Record<string, ParamSpec> {
  const w = { kind: 'trunc_normal', std: 0.02 } as const;
  const z = { kind: 'zeros' } as const;
  const biases: Record<string, ParamSpec> =
    bias === 'qkv'
      ? { qkv_bias: { shape: [3 * d], init: z, suffix: 'qkv.bias' } }
      : bias === 'qv'
        ? { q_bias: { shape: [d], init: z, suffix: 'q_bias' }, v_bias: { shape: [d], init: z, suffix: 'v_bias' } }
        : {};
  return {
    qkv_weight: { shape: [3 * d, d], init: w, suffix: 'qkv.weight' },
    ...biases,
    proj_weight: { shape: [d, d], init: w, suffix: 'proj.weight' },
    proj_bias: { shape: [d], init: z, suffix: 'proj.bias' },
  };
}

/**
 * One attention node, every `over`, with and without the cls token, on a non-square grid (so a swap of
 * height and width cannot hide), lowered for every target and checked against a direct loop-by-loop
 * reference of the official Attention within groups.
 */
import { describe, expect, it } from 'vitest';
import type { Target } from '../../compiler/emit/lower/context.js';
import { sym } from '../../compiler/ir/dim.js';
import type { AttentionOver, TokenLayout } from '../../compiler/ir/graph.js';
import { buildModel, maxAbsDiff, runModel } from './harness.js';
import { GraphBuilder, TokenNet } from './timesformer-ir.js';

const D = 8;
const HEADS = 2;
const BATCH = 2;

function random(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return (s / 2 ** 31) * 2 - 1;
  });
}

/** Group key of patch (t, h, w); tokens with equal keys attend to each other. */
function groupKey(over: AttentionOver, t: number, h: number, w: number, g: TokenLayout): string {
  switch (over) {
    case 'time':
      return `${h},${w}`;
    case 'space':
      return `${t}`;
    case 'all':
      return '';
    case 'width':
      return `${t},${h}`;
    case 'height':
      return `${t},${w}`;
    case 'local':
      return `${Math.floor(h / (g.height / 2))},${Math.floor(w / (g.width / 2))}`;
    case 'global':
      return `${t % 2},${h % 2},${w % 2}`;
  }
}

interface Weights {
  readonly qkvW: Float32Array;
  readonly qkvB: Float32Array;
  readonly projW: Float32Array;
  readonly projB: Float32Array;
}

const linear = (x: Float32Array, w: Float32Array, b: Float32Array, out: number): Float32Array =>
  Float32Array.from({ length: out }, (_, o) => x.reduce((acc, v, i) => acc + v * (w[o * x.length + i] ?? 0), b[o] ?? 0));

/** softmax(q k^T / sqrt(dh)) v per head, heads concatenated (before proj), for one query over `keys`. */
function attend(query: Float32Array, keys: readonly Float32Array[], w: Weights): Float32Array {
  const dh = D / HEADS;
  const q = linear(query, w.qkvW, w.qkvB, 3 * D).subarray(0, D);
  const kv = keys.map((k) => linear(k, w.qkvW, w.qkvB, 3 * D));
  const out = new Float32Array(D);
  for (let a = 0; a < HEADS; a++) {
    const scores = kv.map((y) => {
      let s = 0;
      for (let j = 0; j < dh; j++) s += (q[a * dh + j] ?? 0) * (y[D + a * dh + j] ?? 0);
      return s / Math.sqrt(dh);
    });
    const m = Math.max(...scores);
    const e = scores.map((s) => Math.exp(s - m));
    const z = e.reduce((x, y) => x + y, 0);
    kv.forEach((y, i) => {
      for (let j = 0; j < dh; j++) out[a * dh + j] = (out[a * dh + j] ?? 0) + ((e[i] ?? 0) / z) * (y[2 * D + a * dh + j] ?? 0);
    });
  }
  return out;
}

/** Reference for one clip's tokens (cls first when present), patches in (t, h, w) order. */
function reference(tokens: readonly Float32Array[], g: TokenLayout, over: AttentionOver, cls: boolean, w: Weights): Float32Array[] {
  const hasCls = g.cls !== 'none';
  const patches = hasCls ? tokens.slice(1) : tokens;
  const keys: string[] = [];
  for (let t = 0; t < g.frames; t++) for (let h = 0; h < g.height; h++) for (let x = 0; x < g.width; x++) keys.push(groupKey(over, t, h, x, g));
  const groups = new Map<string, number[]>();
  keys.forEach((k, i) => groups.set(k, [...(groups.get(k) ?? []), i]));
  const clsToken = tokens[0] as Float32Array;
  const out = patches.map((p, i) => {
    const members = (groups.get(keys[i] as string) ?? []).map((j) => patches[j] as Float32Array);
    return linear(attend(p, cls ? [clsToken, ...members] : members, w), w.projW, w.projB, D);
  });
  if (!cls) return out;
  const perGroup = [...groups.values()].map((ids) => attend(clsToken, [clsToken, ...ids.map((j) => patches[j] as Float32Array)], w));
  const mean = Float32Array.from({ length: D }, (_, j) => perGroup.reduce((s, v) => s + (v[j] ?? 0), 0) / perGroup.length);
  return [linear(mean, w.projW, w.projB, D), ...out];
}

const GRID = { frames: 4, height: 2, width: 6 };
const CASES: readonly (readonly [AttentionOver, boolean])[] = [
  ['time', false],
  ['space', true],
  ['space', false],
  ['all', true],
  ['all', false],
  ['width', false],
  ['height', true],
  ['local', false],
  ['global', true],
  ['global', false],
];
const TARGETS: readonly Target[] = ['portable', 'ort-cpu'];

describe.each(CASES)('attention(over=%s, cls=%s) on shared tokens, 4 x 2 x 6 grid', (over, cls) => {
  it.each(TARGETS)('%s matches the loop reference', async (target) => {
    const layout: TokenLayout = { ...GRID, cls: 'shared' };
    const length = 1 + GRID.frames * GRID.height * GRID.width;
    const b = new GraphBuilder();
    const x = b.node('identity', 'x', [b.input('tokens', [sym('N'), length, D])], {}, {}, [sym('N'), length, D], layout);
    const y = new TokenNet(b, D).attention(x, 'attn', HEADS, over, cls);
    const w: Weights = { qkvW: random(3 * D * D, 1), qkvB: random(3 * D, 2), projW: random(D * D, 3), projB: random(D, 4) };
    const weights = new Map([
      ['attn.qkv.weight', w.qkvW],
      ['attn.qkv.bias', w.qkvB],
      ['attn.proj.weight', w.projW],
      ['attn.proj.bias', w.projB],
    ]);
    const input = random(BATCH * length * D, 5);
    const bytes = buildModel(b.graph('one_attention', y), weights, { target, override: { identity: (node, ctx) => [ctx.value(node.inputs[0] ?? '')] } });
    const got = await runModel(bytes, { tokens: { data: input, dims: [BATCH, length, D] } });
    const want: number[] = [];
    for (let n = 0; n < BATCH; n++) {
      const tokens = Array.from({ length }, (_, i) => input.slice((n * length + i) * D, (n * length + i + 1) * D));
      for (const t of reference(tokens, layout, over, cls, w)) want.push(...t);
    }
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
  });
});

describe.each([
  ['per_frame', 'space', true],
  ['none', 'time', false],
  ['none', 'local', false],
] as const)('attention on %s tokens, over=%s, cls=%s', (form, over, cls) => {
  it.each(TARGETS)('%s matches the loop reference', async (target) => {
    const layout: TokenLayout = { ...GRID, cls: form };
    const s = GRID.height * GRID.width;
    // per_frame: [N*T, 1+S, D], each frame its own clip of one frame; none: [N, T*S, D].
    const [rows, length] = form === 'per_frame' ? [BATCH * GRID.frames, 1 + s] : [BATCH, GRID.frames * s];
    const batch = form === 'per_frame' ? { factor: GRID.frames, symbols: ['N'] } : sym('N');
    const b = new GraphBuilder();
    const x = b.node('identity', 'x', [b.input('tokens', [batch, length, D])], {}, {}, [batch, length, D], layout);
    const y = new TokenNet(b, D).attention(x, 'attn', HEADS, over, cls);
    const w: Weights = { qkvW: random(3 * D * D, 6), qkvB: random(3 * D, 7), projW: random(D * D, 8), projB: random(D, 9) };
    const weights = new Map([
      ['attn.qkv.weight', w.qkvW],
      ['attn.qkv.bias', w.qkvB],
      ['attn.proj.weight', w.projW],
      ['attn.proj.bias', w.projB],
    ]);
    const input = random(rows * length * D, 10);
    const bytes = buildModel(b.graph('one_attention', y), weights, { target, override: { identity: (node, ctx) => [ctx.value(node.inputs[0] ?? '')] } });
    const got = await runModel(bytes, { tokens: { data: input, dims: [rows, length, D] } });
    const seqLayout: TokenLayout = form === 'per_frame' ? { ...layout, frames: 1 } : layout;
    const want: number[] = [];
    for (let n = 0; n < rows; n++) {
      const tokens = Array.from({ length }, (_, i) => input.slice((n * length + i) * D, (n * length + i + 1) * D));
      for (const t of reference(tokens, seqLayout, over, cls, w)) want.push(...t);
    }
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
  });
});

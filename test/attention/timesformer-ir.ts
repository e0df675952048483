/**
 * Hand-built IR of the five TimeSformer variants, as the checker would build it from
 * test/fixtures/attention/<variant>.vnet (blocks inlined, official parameter names).
 */
import type { Span } from '../../base/span.js';
import { dimMul, sym, type Dim } from '../../compiler/ir/dim.js';
import type { AttentionOver, IRGraph, IRNode, IRParam, IRValue, OpAttrs, OpName, TokenLayout } from '../../compiler/ir/graph.js';

export type Variant = 'space' | 'joint' | 'divided' | 'local_global' | 'axial';
export const VARIANTS: readonly Variant[] = ['space', 'joint', 'divided', 'local_global', 'axial'];

export interface TimesformerConfig {
  readonly dim: number;
  readonly heads: number;
  readonly depth: number;
  readonly frames: number;
  readonly size: number;
  readonly patch: number;
  readonly classes: number;
}

const span: Span = { file: 'hand-built', start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };

export class GraphBuilder {
  readonly values: Record<string, IRValue> = {};
  readonly nodes: IRNode[] = [];
  readonly inputs: string[] = [];
  private count = 0;

  input(id: string, shape: readonly Dim[]): string {
    this.values[id] = { id, dtype: 'f32', shape, span };
    this.inputs.push(id);
    return id;
  }

  node<K extends OpName>(
    op: K,
    name: string,
    inputs: readonly string[],
    attrs: OpAttrs[K],
    params: Readonly<Record<string, readonly number[]>>,
    shape: readonly Dim[],
    tokens?: TokenLayout,
  ): string {
    const id = `v${this.count++}`;
    this.values[id] = tokens === undefined ? { id, dtype: 'f32', shape, span } : { id, dtype: 'f32', shape, tokens, span };
    const irParams: Record<string, IRParam> = {};
    for (const [role, pshape] of Object.entries(params)) {
      irParams[role] = { name: role === '' ? name : `${name}.${role}`, shape: pshape, dtype: 'f32', init: { kind: 'zeros' } };
    }
    this.nodes.push({ id: `n${this.nodes.length}`, op, name, inputs, outputs: [id], params: irParams, attrs, span } as unknown as IRNode);
    return id;
  }

  shapeOf(id: string): readonly Dim[] {
    const v = this.values[id];
    if (v === undefined) throw new Error(id);
    return v.shape;
  }

  tokensOf(id: string): TokenLayout | undefined {
    return this.values[id]?.tokens;
  }

  graph(name: string, output: string): IRGraph {
    return { name, inputs: this.inputs, outputs: [output], values: this.values, nodes: this.nodes, constants: {} };
  }
}

const N = sym('N');

function tokenShape(layout: TokenLayout, d: number): Dim[] {
  const s = layout.height * layout.width;
  switch (layout.cls) {
    case 'shared':
      return [N, 1 + layout.frames * s, d];
    case 'per_frame':
      return [dimMul(N, layout.frames), 1 + s, d];
    case 'none':
      return [N, layout.frames * s, d];
  }
}

export class TokenNet {
  constructor(
    readonly b: GraphBuilder,
    readonly dim: number,
  ) {}

  layernorm(x: string, name: string): string {
    return this.b.node('layernorm', name, [x], { eps: 1e-6 }, { weight: [this.dim], bias: [this.dim] }, this.b.shapeOf(x), this.b.tokensOf(x));
  }

  linear(x: string, name: string, out = this.dim): string {
    const shape = [...this.b.shapeOf(x).slice(0, -1), out];
    const d = this.b.shapeOf(x).at(-1) as number;
    return this.b.node('linear', name, [x], { outFeatures: out }, { weight: [out, d], bias: [out] }, shape, out === this.dim ? this.b.tokensOf(x) : undefined);
  }

  mlp(x: string, name: string): string {
    const h = this.linear(x, `${name}.fc1`, 4 * this.dim);
    const g = this.b.node('gelu', `${name}.act`, [h], {}, {}, this.b.shapeOf(h));
    return this.linear(g, `${name}.fc2`);
  }

  add(x: string, y: string, name: string): string {
    return this.b.node('add', name, [x, y], {}, {}, this.b.shapeOf(x), this.b.tokensOf(x));
  }

  attention(x: string, name: string, heads: number, over: AttentionOver, cls: boolean): string {
    const layout = this.b.tokensOf(x);
    if (layout === undefined) throw new Error('attention on non-tokens');
    const out: TokenLayout = cls ? layout : { ...layout, cls: 'none' };
    const d = this.dim;
    return this.b.node(
      'attention',
      name,
      [x],
      { heads, dim: d, over, cls, layout, bias: 'qkv' },
      { 'qkv.weight': [3 * d, d], 'qkv.bias': [3 * d], 'proj.weight': [d, d], 'proj.bias': [d] },
      tokenShape(out, d),
      out,
    );
  }

  /** x + fc(attn(norm(x))) with a patch-only attention step (cls excluded). */
  patchStep(x: string, prefix: string, norm: string, attn: string, fc: string, heads: number, over: AttentionOver): string {
    const t = this.linear(this.attention(this.layernorm(x, `${prefix}.${norm}`), `${prefix}.${attn}`, heads, over, false), `${prefix}.${fc}`);
    return this.b.node('add_patches', `${prefix}.add_${attn}`, [x, t], {}, {}, this.b.shapeOf(x), this.b.tokensOf(x));
  }

  /** x + attn(norm1(x)) with the cls token joining every group. */
  clsStep(x: string, prefix: string, heads: number, over: AttentionOver): string {
    return this.add(x, this.attention(this.layernorm(x, `${prefix}.norm1`), `${prefix}.attn`, heads, over, true), `${prefix}.add_attn`);
  }

  mlpStep(x: string, prefix: string): string {
    return this.add(x, this.mlp(this.layernorm(x, `${prefix}.norm2`), `${prefix}.mlp`), `${prefix}.add_mlp`);
  }
}

/** The IR of one variant with input `clip: f32[N, 3, T, size, size]` and output logits [N, classes]. */
export function timesformerGraph(variant: Variant, c: TimesformerConfig): IRGraph {
  const b = new GraphBuilder();
  const net = new TokenNet(b, c.dim);
  const side = c.size / c.patch;
  const s = side * side;
  const d = c.dim;
  const grid = { frames: c.frames, height: side, width: side };
  const clip = b.input('clip', [N, 3, c.frames, c.size, c.size]);
  const none: TokenLayout = { ...grid, cls: 'none' };
  const perFrame: TokenLayout = { ...grid, cls: 'per_frame' };
  const shared: TokenLayout = { ...grid, cls: 'shared' };
  let x = b.node(
    'patch_embed',
    'patch_embed',
    [clip],
    { kernel: [1, c.patch, c.patch], dim: d },
    { 'proj.weight': [d, 3, c.patch, c.patch], 'proj.bias': [d] },
    tokenShape(none, d),
    none,
  );
  x = b.node('cls_token', 'cls_token', [x], {}, { '': [1, 1, d] }, tokenShape(perFrame, d), perFrame);
  x = b.node('pos_embed', 'pos_embed', [x], { table: 'learned', acrossFrames: false }, { '': [1, 1 + s, d] }, tokenShape(perFrame, d), perFrame);
  if (variant !== 'space') x = b.node('time_embed', 'time_embed', [x], {}, { '': [1, c.frames, d] }, tokenShape(shared, d), shared);
  for (let i = 0; i < c.depth; i++) {
    const p = `blocks.${i}`;
    switch (variant) {
      case 'space':
        x = net.clsStep(x, p, c.heads, 'space');
        break;
      case 'joint':
        x = net.clsStep(x, p, c.heads, 'all');
        break;
      case 'divided':
        x = net.patchStep(x, p, 'temporal_norm1', 'temporal_attn', 'temporal_fc', c.heads, 'time');
        x = net.clsStep(x, p, c.heads, 'space');
        break;
      case 'local_global':
        x = net.patchStep(x, p, 'local_norm1', 'local_attn', 'local_fc', c.heads, 'local');
        x = net.clsStep(x, p, c.heads, 'global');
        break;
      case 'axial':
        x = net.patchStep(x, p, 'temporal_norm1', 'temporal_attn', 'temporal_fc', c.heads, 'time');
        x = net.patchStep(x, p, 'width_norm1', 'width_attn', 'width_fc', c.heads, 'width');
        x = net.clsStep(x, p, c.heads, 'height');
        break;
    }
    x = net.mlpStep(x, p);
  }
  if (variant === 'space') {
    const one: TokenLayout = { ...grid, frames: 1, cls: 'per_frame' };
    x = b.node('consensus', 'consensus', [x], { frames: c.frames }, {}, [N, 1 + s, d], one);
  }
  x = net.layernorm(x, 'norm');
  x = b.node('select_cls', 'cls', [x], {}, {}, [N, d]);
  x = net.linear(x, 'head', c.classes);
  return b.graph(`timesformer_${variant}`, x);
}

/**
 * Lowerings of the token ops: patch_embed, cls_token, pos_embed, time_embed, add_patches, select_cls, and
 * consensus on per-frame tokens.
 *
 * Token memory order (the emitter's choice; graph-level shapes are the IR's):
 *   patch tokens are frame-major, (t, h, w) row-major: token 1 + (t*H + h)*W + w (cls first, when present);
 *   shared    [N, 1 + T*S, D]: the clip's cls token, then frame 0's S patches, frame 1's, ...;
 *   per_frame [N*T, 1 + S, D]: frame t of clip n is row n*T + t, its cls token first;
 *   none      [N, T*S, D]:     the patches of `shared` without the cls token (VideoMAE's order, `flatten(2)`);
 *   sequence  [N, (1+)L, D]:   a plain sequence, its cls token first when it has one.
 * Why frame-major: patch_embed produces it with no transpose of its output, per_frame and shared share
 * it (time_embed is a reshape), and the spatial step of divided attention, the most frequent grouping
 * with cls (and width, of axial) is a plain reshape [N*T, S, D]. The official order (h, w, t) would make
 * the temporal step a reshape instead; in the portable lowering the regrouping of a non-contiguous step
 * rides on the head-split Transpose that attention needs anyway (attention-matmul.ts), so it costs nothing.
 */
import type { IRValue, NodeOf, TokenLayout } from '../../ir/graph.js';
import { sincosTable } from '../../ir/ops/sincos-table.js';
import { OnnxOps, paramByRole } from './attention-ops.js';
import type { LowerContext, Lowering } from './context.js';

const END = 2 ** 31 - 1;

// biome-ignore lint/suspicious/noShadowRestrictedNames: a module-local helper; Object.prototype.valueOf is never meant here
function valueOf(ctx: LowerContext, id: string | undefined): IRValue {
  const value = id === undefined ? undefined : ctx.graph.values[id];
  if (value === undefined) throw new Error(`unknown value ${String(id)}`);
  return value;
}

function layoutOf(ctx: LowerContext, id: string | undefined): TokenLayout {
  const tokens = valueOf(ctx, id).tokens;
  if (tokens === undefined) throw new Error(`value ${String(id)} holds no tokens`);
  return tokens;
}

function widthOf(ctx: LowerContext, id: string | undefined): number {
  const d = valueOf(ctx, id).shape.at(-1);
  if (typeof d !== 'number') throw new Error(`value ${String(id)}: token width must be known`);
  return d;
}

function only<T>(items: readonly T[], what: string): T {
  const [first] = items;
  if (first === undefined || items.length !== 1) throw new Error(`expected one ${what}`);
  return first;
}

/** A param of a node whose only parameter is the label itself (`cls_token`, `pos_embed`, `time_embed`). */
function soleParam(ctx: LowerContext, node: NodeOf<'cls_token' | 'pos_embed' | 'time_embed'>): string {
  return ctx.param(only(Object.values(node.params), `parameter of ${node.name}`));
}

/**
 * [N, C, T, H, W] -> patch tokens [N, T'*S, D]: a convolution with kernel = stride = (t, ph, pw) (TimeSformer's
 * per-frame Conv2d when t = 1, VideoMAE's tubelet Conv3d), written as patchify (one Reshape/Transpose of the
 * input clip) and one GEMM against the conv weight [D, C*t*ph*pw], which gives tokens in memory order directly.
 */
export const lowerPatchEmbed: Lowering<'patch_embed'> = (node, ctx) => {
  const ops = new OnnxOps(ctx);
  const { kernel, dim } = node.attrs;
  const [kt, kh, kw] = kernel;
  const { frames: t, height: h, width: w } = layoutOf(ctx, node.outputs[0]);
  const input = only(node.inputs, 'input');
  const c = valueOf(ctx, input).shape[1];
  if (typeof c !== 'number') throw new Error(`${node.name}: the channel count must be known`);
  // [N, C, t, kt, h, kh, w, kw] -> [N, t, h, w, C, kt, kh, kw]; a tubelet of one frame needs no axis of its own.
  const split = kt === 1 ? [-1, c, t, h, kh, w, kw] : [-1, c, t, kt, h, kh, w, kw];
  const perm = kt === 1 ? [0, 2, 3, 5, 1, 4, 6] : [0, 2, 4, 6, 1, 3, 5, 7];
  const patches = ops.transpose(ops.reshape(ctx.value(input), split), perm);
  const patchSize = c * kt * kh * kw;
  const rows = ops.reshape(patches, [-1, t * h * w, patchSize]);
  const weight = ops.reshape(ctx.param(paramByRole(node, 'proj.weight')), [dim, patchSize]);
  return [ops.linear(rows, weight, ctx.param(paramByRole(node, 'proj.bias')))];
};

/**
 * Patch tokens [N, T*S, D] -> per_frame [N*T, 1+S, D], the cls parameter [1, 1, D] first in every frame;
 * a plain sequence [N, L, D] -> [N, 1+L, D], the cls parameter first.
 */
export const lowerClsToken: Lowering<'cls_token'> = (node, ctx) => {
  const ops = new OnnxOps(ctx);
  const input = only(node.inputs, 'input');
  const d = widthOf(ctx, input);
  const tokens = valueOf(ctx, input).tokens;
  const rows = tokens ? ops.reshape(ctx.value(input), [-1, tokens.height * tokens.width, d]) : ctx.value(input);
  const count = ops.slice(ops.op('Shape', [rows]), 0, 0, 1);
  const repeated = ops.op('Expand', [soleParam(ctx, node), ops.concat([count, ops.ints([1, d])], 0)]);
  return [ops.concat([repeated, rows], 1)];
};

/**
 * Adds the position table [1, P, D] (P tokens per row, cls first): every layout keeps its tokens of a row in
 * the table's order (per_frame rows are frames, so the table repeats per frame), so it is one broadcast Add.
 * The learned table is the parameter; `sincos` is VideoMAE's fixed table, a constant.
 */
export const lowerPosEmbed: Lowering<'pos_embed'> = (node, ctx) => {
  const ops = new OnnxOps(ctx);
  const input = only(node.inputs, 'input');
  const x = ctx.value(input);
  if (node.attrs.table === 'learned') return [ops.add(x, soleParam(ctx, node))];
  const [, positions, d] = valueOf(ctx, input).shape;
  if (typeof positions !== 'number' || typeof d !== 'number') throw new Error(`${node.name}: tokens per row and width must be known`);
  const table = ctx.constant('sincos', { dtype: 'float32', dims: [1, positions, d], data: sincosTable(positions, d) }, { table: true });
  return [ops.add(x, table)];
};

/** per_frame [N*T, 1+S, D] -> shared [N, 1+T*S, D]: time_embed [1, T, D] added to the patches, frame 0's cls kept. */
export const lowerTimeEmbed: Lowering<'time_embed'> = (node, ctx) => {
  const ops = new OnnxOps(ctx);
  const input = only(node.inputs, 'input');
  const { frames: t, height, width, cls: form } = layoutOf(ctx, input);
  if (form !== 'per_frame') throw new Error(`${node.name}: time_embed expects per-frame tokens`);
  const s = height * width;
  const d = widthOf(ctx, input);
  const clip = ops.reshape(ctx.value(input), [-1, t, 1 + s, d]);
  const cls = ops.reshape(ops.slice(ops.slice(clip, 1, 0, 1), 2, 0, 1), [-1, 1, d]);
  const patches = ops.add(ops.slice(clip, 2, 1, END), ops.reshape(soleParam(ctx, node), [1, t, 1, d]));
  return [ops.concat([cls, ops.reshape(patches, [-1, t * s, d])], 1)];
};

/** full tokens (with cls) + patch-only tokens: the patches are added, the cls token passes through. */
export const lowerAddPatches: Lowering<'add_patches'> = (node, ctx) => {
  const ops = new OnnxOps(ctx);
  const [a, b] = node.inputs;
  const aIsFull = layoutOf(ctx, a).cls !== 'none';
  const [full, patches] = aIsFull ? [a, b] : [b, a];
  const fullLayout = layoutOf(ctx, full);
  if (fullLayout.cls === 'per_frame') {
    const s = fullLayout.height * fullLayout.width;
    const d = widthOf(ctx, full);
    const frames = ops.reshape(ctx.value(patches ?? ''), [-1, s, d]);
    const padded = ops.op('Pad', [frames, ops.ints([0, 1, 0, 0, 0, 0])]);
    return [ops.add(ctx.value(full ?? ''), padded)];
  }
  // One zero token in front of the patches lines them up with the full value.
  const padded = ops.op('Pad', [ctx.value(patches ?? ''), ops.ints([0, 1, 0, 0, 0, 0])]);
  return [ops.add(ctx.value(full ?? ''), padded)];
};

/** Tokens -> the cls token [N, D] (token 0 of every sequence). */
export const lowerSelectCls: Lowering<'select_cls'> = (node, ctx) => {
  const ops = new OnnxOps(ctx);
  const input = only(node.inputs, 'input');
  return [ops.reshape(ops.slice(ctx.value(input), 1, 0, 1), [-1, widthOf(ctx, input)])];
};

/**
 * consensus on per_frame tokens [N*T, 1+S, D] -> [N, 1+S, D], the mean over the T frames of each clip
 * (the space-only model averages frames before the final norm). The checker types the result as a one-frame
 * clip with a shared cls token (`frames: 1`), which is the same memory: the cls token, then the S patches.
 */
export const lowerTokenConsensus: Lowering<'consensus'> = (node, ctx) => {
  const ops = new OnnxOps(ctx);
  const input = only(node.inputs, 'input');
  const shape = valueOf(ctx, input)
    .shape.slice(1)
    .map((d) => (typeof d === 'number' ? d : -1));
  const clip = ops.reshape(ctx.value(input), [-1, node.attrs.frames, ...shape]);
  return [ops.reshape(ops.meanKeep(clip, [1]), [-1, ...shape])];
};

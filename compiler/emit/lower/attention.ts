/**
 * Lowering of `attention(heads, over, cls, bias)`: the official TimeSformer / VideoMAE Attention (qkv Linear with bias,
 * softmax(q k^T * head_dim^-0.5) v, heads concatenated, proj Linear) within the groups chosen by `over`.
 *
 * Input and output token values follow the memory order documented in tokens.ts. A per_frame value
 * [N*T, 1+S, D] is treated as a clip of one frame with batch N*T, so the space-only model's attention
 * is one group per frame with its own cls token. With `cls`, the cls token joins every group and its
 * outputs are averaged (mean commutes with the affine proj, so proj runs once on the averaged token);
 * a single group that already holds the cls token (joint attention, space-only frames) is attended
 * as a whole, with no slicing.
 *
 * Per target: `portable` uses standard ONNX (attention-matmul.ts); `ort-cpu` and `ort-cuda` use
 * com.microsoft.Attention (attention-fused.ts).
 */
import type { NodeOf } from '../../ir/graph.js';
import type { AttentionCore, GroupedInput, QkvParams } from './attention-core.js';
import { attendWithContribAttention } from './attention-fused.js';
import { groupPlan, wholeSequence, type PatchGrid } from './attention-groups.js';
import { attendWithMatMul } from './attention-matmul.js';
import { OnnxOps, paramByRole } from './attention-ops.js';
import type { LowerContext, Lowering, Target } from './context.js';

const END = 2 ** 31 - 1;

/** The attention core used for each target. */
export function attentionCore(target: Target): AttentionCore {
  switch (target) {
    case 'portable':
      return attendWithMatMul;
    case 'ort-cpu':
    case 'ort-cuda':
      return attendWithContribAttention;
    default: {
      const never: never = target;
      throw new Error(`unknown target ${String(never)}`);
    }
  }
}

export const lowerAttention: Lowering<'attention'> = (node, ctx) => [lowerAttentionWith(attentionCore(ctx.target), node, ctx)];

/** Lowers one attention node with the given core; exported so benchmarks and tests can compare cores on one target. */
export function lowerAttentionWith(core: AttentionCore, node: NodeOf<'attention'>, ctx: LowerContext): string {
  const { heads, dim, over, cls, layout } = node.attrs;
  const ops = new OnnxOps(ctx);
  const [input] = node.inputs;
  if (input === undefined) throw new Error(`${node.name}: attention takes one input`);
  const x = ctx.value(input);
  const perFrame = layout.cls === 'per_frame';
  const grid: PatchGrid = { frames: perFrame ? 1 : layout.frames, height: layout.height, width: layout.width };
  const patchCount = grid.frames * grid.height * grid.width;
  const hasCls = layout.cls !== 'none';
  if (cls && !hasCls) throw new Error(`${node.name}: attention with cls needs a cls token`);
  const qkv: QkvParams = { weight: ctx.param(paramByRole(node, 'qkv.weight')), bias: qkvBias(ops, node, ctx), heads, dim };
  const proj = (y: string): string => outputProjection(ops, node, ctx, y);

  const plan = groupPlan(grid, over);
  if (cls && plan.groups === 1) {
    // One group that holds the cls token in place: attend over the whole sequence as it is.
    return proj(core(ops, { patches: x, plan: wholeSequence(1 + patchCount) }, qkv).patches);
  }
  const patches = hasCls ? ops.slice(x, 1, 1, END) : x;
  const grouped: GroupedInput = cls ? { patches, cls: ops.slice(x, 1, 0, 1), plan } : { patches, plan };
  const out = core(ops, grouped, qkv);
  if (out.cls === undefined) {
    const y = proj(out.patches);
    // Patch-only output of a per_frame value: [N*T, S, D] is [N, T*S, D] in the same memory.
    return perFrame ? ops.reshape(y, [-1, layout.frames * patchCount, dim]) : y;
  }
  return proj(ops.concat([out.cls, out.patches], 1));
}

/**
 * The q, k, v biases as one [3D] vector: `qkv.bias`, or VideoMAE's `cat(q_bias, zeros, v_bias)` (its own
 * forward builds the same vector), or zeros; a constant subgraph onnxruntime folds at load.
 */
function qkvBias(ops: OnnxOps, node: NodeOf<'attention'>, ctx: LowerContext): string {
  const { bias, dim } = node.attrs;
  switch (bias) {
    case 'qkv':
      return ctx.param(paramByRole(node, 'qkv.bias'));
    case 'qv': {
      const zeros = ops.floats(new Array<number>(dim).fill(0), [dim]);
      return ops.concat([ctx.param(paramByRole(node, 'q_bias')), zeros, ctx.param(paramByRole(node, 'v_bias'))], 0);
    }
    case 'none':
      return ops.floats(new Array<number>(3 * dim).fill(0), [3 * dim]);
    default: {
      const never: never = bias;
      throw new Error(`unknown attention bias ${String(never)}`);
    }
  }
}

/**
 * The output projection; after fold-attention-linear also the linear that followed it, as one product:
 * y W_p^T W_f^T + (b_p W_f^T + b_f). The weight product is a constant subgraph onnxruntime folds at load.
 */
function outputProjection(ops: OnnxOps, node: NodeOf<'attention'>, ctx: LowerContext, y: string): string {
  const weight = ctx.param(paramByRole(node, 'proj.weight'));
  const bias = ctx.param(paramByRole(node, 'proj.bias'));
  const fc = node.params['fc.weight'];
  if (!fc) return ops.linear(y, weight, bias);
  const fcT = ops.op('Transpose', [ctx.param(fc)], { perm: [1, 0] });
  const combined = ops.matmul(ops.op('Transpose', [weight], { perm: [1, 0] }), fcT);
  const fcBias = node.params['fc.bias'];
  const projected = ops.matmul(bias, fcT);
  return ops.add(ops.matmul(y, combined), fcBias ? ops.add(projected, ctx.param(fcBias)) : projected);
}

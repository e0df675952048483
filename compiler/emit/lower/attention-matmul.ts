/**
 * Portable attention core: standard ONNX (MatMul, Softmax, Reshape, Transpose, Concat), opset 13+.
 *
 * q, k and v are three GEMMs (no Split copy of a fused qkv output). Each goes through one Transpose
 * that does the head split *and* the regrouping at once, so a grouping that is not contiguous in
 * memory costs nothing beyond what plain multi-head attention pays; keys come out already transposed
 * for Q K^T. The 1/sqrt(head_dim) scale is folded into the q weights (constant-folded by onnxruntime).
 */
import type { AttentionCore, GroupedOutput, QkvParams } from './attention-core.js';
import { headPerm, inversePerm, sizesOf, type GroupPlan } from './attention-groups.js';
import type { OnnxOps } from './attention-ops.js';

interface Projection {
  readonly weight: string;
  readonly bias: string;
}

/** Rows [index*D, (index+1)*D) of the qkv linear, as a [D, D] right operand; scaled when `scale` is given. */
function projection(ops: OnnxOps, qkv: QkvParams, index: number, scale?: number): Projection {
  const [from, to] = [index * qkv.dim, (index + 1) * qkv.dim];
  const weight = ops.op('Transpose', [ops.slice(qkv.weight, 0, from, to)], { perm: [1, 0] });
  const bias = ops.slice(qkv.bias, 0, from, to);
  if (scale === undefined) return { weight, bias };
  const s = ops.floats([scale], []);
  return { weight: ops.mul(weight, s), bias: ops.mul(bias, s) };
}

/** Projects tokens [B, L, D] and splits heads in group order: [B, G, A, M, dh], or [B, G, A, dh, M] for keys. */
function projectGrouped(ops: OnnxOps, x: string, p: Projection, plan: GroupPlan, qkv: QkvParams, keyMajor: boolean): string {
  const headDim = qkv.dim / qkv.heads;
  const y = ops.add(ops.matmul(x, p.weight), p.bias);
  const view = ops.reshape(y, [-1, ...plan.axes.map((a) => a.size), qkv.heads, headDim]);
  const grouped = ops.transpose(view, headPerm(plan, keyMajor));
  const inner = keyMajor ? [headDim, plan.members] : [plan.members, headDim];
  return ops.reshape(grouped, [-1, plan.groups, qkv.heads, ...inner]);
}

/** Projects the cls token [B, 1, D] and repeats it for every group: [B, G, A, 1, dh] ([B, G, A, dh, 1] for keys). */
function projectCls(ops: OnnxOps, cls: string, p: Projection, plan: GroupPlan, qkv: QkvParams, keyMajor: boolean): string {
  const headDim = qkv.dim / qkv.heads;
  const y = ops.add(ops.matmul(cls, p.weight), p.bias);
  const inner = keyMajor ? [headDim, 1] : [1, headDim];
  const heads = ops.reshape(y, [-1, 1, qkv.heads, ...inner]);
  return plan.groups === 1 ? heads : ops.expand(heads, [1, plan.groups, 1, 1, 1]);
}

export const attendWithMatMul: AttentionCore = (ops, input, qkv): GroupedOutput => {
  const { plan, cls } = input;
  const projections = [projection(ops, qkv, 0, (qkv.dim / qkv.heads) ** -0.5), projection(ops, qkv, 1), projection(ops, qkv, 2)] as const;
  const [q, k, v] = projections.map((p, i) => {
    const keyMajor = i === 1;
    const patches = projectGrouped(ops, input.patches, p, plan, qkv, keyMajor);
    if (cls === undefined) return patches;
    return ops.concat([projectCls(ops, cls, p, plan, qkv, keyMajor), patches], keyMajor ? 4 : 3);
  }) as [string, string, string];
  const weights = ops.op('Softmax', [ops.matmul(q, k)], { axis: -1 });
  const out = ops.matmul(weights, v); // [B, G, A, (1+)M, dh]

  const headDim = qkv.dim / qkv.heads;
  const offset = cls === undefined ? 0 : 1;
  const patchOut = offset === 0 ? out : ops.slice(out, 3, 1, 1 + plan.members);
  const view = ops.reshape(patchOut, [-1, ...sizesOf(plan, true), qkv.heads, ...sizesOf(plan, false), headDim]);
  const ordered = ops.transpose(view, inversePerm(headPerm(plan, false)));
  const patches = ops.reshape(ordered, [-1, plan.groups * plan.members, qkv.dim]);
  if (cls === undefined) return { patches };
  const clsOut = ops.reshape(ops.meanKeep(ops.slice(out, 3, 0, 1), [1]), [-1, 1, qkv.dim]);
  return { patches, cls: clsOut };
};

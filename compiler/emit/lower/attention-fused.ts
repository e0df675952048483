/**
 * onnxruntime attention core: com.microsoft.Attention (qkv GEMM with bias, head split, scaled softmax
 * attention in one kernel; CPU and CUDA). It wants [batch, sequence, D], so a grouping that is not
 * contiguous in memory is moved in token space first (one Transpose of D-wide tokens each way) and the
 * cls token is concatenated to every group.
 */
import type { AttentionCore, GroupedOutput } from './attention-core.js';
import { inversePerm, isContiguous, sizesOf, tokenPerm } from './attention-groups.js';

export const attendWithContribAttention: AttentionCore = (ops, input, qkv): GroupedOutput => {
  const { plan, cls } = input;
  const d = qkv.dim;
  const perm = tokenPerm(plan);
  const contiguous = isContiguous(plan);
  let x = input.patches;
  if (!contiguous) x = ops.transpose(ops.reshape(x, [-1, ...plan.axes.map((a) => a.size), d]), perm);
  x = ops.reshape(x, [-1, plan.groups, plan.members, d]);
  if (cls !== undefined) {
    const repeated = ops.reshape(cls, [-1, 1, 1, d]);
    x = ops.concat([plan.groups === 1 ? repeated : ops.expand(repeated, [1, plan.groups, 1, 1]), x], 2);
  }
  const length = plan.members + (cls === undefined ? 0 : 1);
  const weight = ops.op('Transpose', [qkv.weight], { perm: [1, 0] });
  const attended = ops.op('Attention', [ops.reshape(x, [-1, length, d]), weight, qkv.bias], { num_heads: qkv.heads }, 'com.microsoft');
  const y = ops.reshape(attended, [-1, plan.groups, length, d]);

  const patchOut = cls === undefined ? y : ops.slice(y, 2, 1, length);
  let patches = patchOut;
  if (!contiguous) {
    const view = ops.reshape(patchOut, [-1, ...sizesOf(plan, true), ...sizesOf(plan, false), d]);
    patches = ops.transpose(view, inversePerm(perm));
  }
  patches = ops.reshape(patches, [-1, plan.groups * plan.members, d]);
  if (cls === undefined) return { patches };
  return { patches, cls: ops.reshape(ops.meanKeep(ops.slice(y, 2, 0, 1), [1]), [-1, 1, d]) };
};

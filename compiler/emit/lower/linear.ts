import type { IRParam, NodeOf } from '../../ir/graph.js';
import { dequantizedParam } from './quantize.js';
import type { LowerContext, Lowering } from './context.js';
import { emit1 } from './emit1.js';
import { inputName, inputValue, requiredParam } from './inputs.js';

/**
 * linear: y = x W^T + b with W kept in PyTorch's [out, in] layout under its own name, so a
 * checkpoint maps 1:1 onto the initializers. 2-D input: one Gemm(transB=1). More axes: MatMul
 * with Transpose(W) (a transpose of an initializer, which onnxruntime folds at load time, so the
 * file holds W once and the runtime multiplies by a pre-transposed copy), then Add(b).
 */
export const lowerLinear: Lowering<'linear'> = (node, ctx) => {
  const rank = inputValue(node, ctx).shape.length;
  const weight = requiredParam(node, 'weight');
  if (weight.dtype !== 'f32') return [emitInt8Gemm(ctx, inputName(node, ctx), rank, node)];
  return [emitLinear(ctx, inputName(node, ctx), rank, weight, node.params.bias)];
};

/** An int8 linear (compiler/quantize): Gemm over dequantized int8 weights and int32 bias, which onnxruntime fuses into QGemm. */
function emitInt8Gemm(ctx: LowerContext, x: string, rank: number, node: NodeOf<'linear'>): string {
  if (rank !== 2) throw new Error('an int8 linear needs a 2-D input');
  const w = dequantizedParam(ctx, requiredParam(node, 'weight'), node.params.weight_scale, 'weight');
  const b = node.params.bias ? [dequantizedParam(ctx, node.params.bias, node.params.bias_scale, 'bias')] : [];
  return emit1(ctx, 'Gemm', [x, w, ...b], { transB: 1 }, 'gemm');
}

export function emitLinear(ctx: LowerContext, x: string, rank: number, weight: IRParam, bias: IRParam | undefined, prefix = ''): string {
  const w = ctx.param(weight);
  const b = bias ? ctx.param(bias) : undefined;
  if (rank === 2) return emit1(ctx, 'Gemm', b ? [x, w, b] : [x, w], { transB: 1 }, `${prefix}gemm`);
  const wt = emit1(ctx, 'Transpose', [w], { perm: [1, 0] }, `${prefix}weight_t`);
  const y = emit1(ctx, 'MatMul', [x, wt], {}, `${prefix}matmul`);
  return b ? emit1(ctx, 'Add', [y, b], {}, `${prefix}bias`) : y;
}

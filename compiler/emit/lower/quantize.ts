import type { IRParam, IRValue } from '../../ir/graph.js';
import type { LowerContext } from './context.js';
import { emit1 } from './emit1.js';

/** The uint8 scalar zero point of a quantized value (the pad value of a uint8 shift). */
export function zeroPointOf(ctx: LowerContext, value: IRValue): string {
  if (!value.quant) throw new Error(`value '${value.id}' is not quantized`);
  return ctx.constant('zero_point', { dtype: 'uint8', dims: [], data: Uint8Array.of(value.quant.zeroPoint) });
}

/**
 * A quantized parameter as the float tensor its node computes with: DequantizeLinear(q, scale, zero point) per
 * output channel (axis 0), the QDQ form onnxruntime fuses with the node that reads it. `scale` is the
 * parameter of per-channel scales that the quantizer wrote beside it (compiler/quantize/weights.ts).
 */
export function dequantizedParam(ctx: LowerContext, p: IRParam, scale: IRParam | undefined, hint: string): string {
  if (p.dtype === 'f32') return ctx.param(p);
  if (!scale) throw new Error(`quantized parameter '${p.name}' has no scale`);
  const channels = p.shape[0] ?? 1;
  const zeros = p.dtype === 'i8' ? new Int8Array(channels).fill(p.zeroPoint ?? 0) : new Int32Array(channels);
  const zero = ctx.constant(`${hint}_zero_point`, { dtype: p.dtype === 'i8' ? 'int8' : 'int32', dims: [channels], data: zeros });
  return emit1(ctx, 'DequantizeLinear', [ctx.param(p), ctx.param(scale), zero], { axis: 0 }, `${hint}/dequantize`);
}

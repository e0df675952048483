import type { Lowering } from './context.js';
import { emit1 } from './emit1.js';
import { inputName } from './inputs.js';

/** maxpool -> MaxPool */
export const lowerMaxpool: Lowering<'maxpool'> = (node, ctx) => {
  const { kernel, stride, pads } = node.attrs;
  return [emit1(ctx, 'MaxPool', [inputName(node, ctx)], { kernel_shape: kernel, strides: stride, pads })];
};

/** avgpool -> AveragePool, padding counted or not as the IR says. */
export const lowerAvgpool: Lowering<'avgpool'> = (node, ctx) => {
  const { kernel, stride, pads, countIncludePad } = node.attrs;
  return [
    emit1(ctx, 'AveragePool', [inputName(node, ctx)], {
      kernel_shape: kernel,
      strides: stride,
      pads,
      count_include_pad: countIncludePad ? 1 : 0,
    }),
  ];
};

/**
 * global_avgpool -> GlobalAveragePool [B, C, 1, ...] then Flatten(axis 1) -> [B, C]. In an int8 model the
 * pooled value is quantized before the Flatten (DequantizeLinear -> GlobalAveragePool -> QuantizeLinear
 * is what onnxruntime fuses into QLinearGlobalAveragePool), and the Flatten moves uint8.
 */
export const lowerGlobalAvgpool: Lowering<'global_avgpool'> = (node, ctx) => {
  const pooled = emit1(ctx, 'GlobalAveragePool', [inputName(node, ctx)], {}, 'pool');
  const out = node.outputs[0] as string;
  const stored = ctx.graph.values[out]?.quant ? ctx.storeQuantized(out, pooled) : pooled;
  return [emit1(ctx, 'Flatten', [stored], { axis: 1 }, 'flatten')];
};

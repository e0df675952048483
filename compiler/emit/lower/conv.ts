import type { Lowering } from './context.js';
import { emit1 } from './emit1.js';
import { inputName, requiredParam } from './inputs.js';
import { dequantizedParam } from './quantize.js';

/**
 * conv -> Conv; the bias is an input only when the node has a bias parameter. In an int8 model the
 * weight (int8, a scale per output channel) and bias (int32) are dequantized in front of it: the QDQ
 * form onnxruntime turns into one QLinearConv.
 */
export const lowerConv: Lowering<'conv'> = (node, ctx) => {
  const { kernel, stride, pads, dilation, groups } = node.attrs;
  const weight = dequantizedParam(ctx, requiredParam(node, 'weight'), node.params.weight_scale, 'weight');
  const inputs = [inputName(node, ctx), weight];
  if (node.params.bias) inputs.push(dequantizedParam(ctx, node.params.bias, node.params.bias_scale, 'bias'));
  return [emit1(ctx, 'Conv', inputs, { kernel_shape: kernel, strides: stride, pads, dilations: dilation, group: groups })];
};

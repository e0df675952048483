import type { Lowering } from './context.js';
import { emit1 } from './emit1.js';
import { inputName, requiredParam } from './inputs.js';

/** conv -> Conv; the bias is an input only when the node has a bias parameter. */
export const lowerConv: Lowering<'conv'> = (node, ctx) => {
  const { kernel, stride, pads, dilation, groups } = node.attrs;
  const inputs = [inputName(node, ctx), ctx.param(requiredParam(node, 'weight'))];
  if (node.params.bias) inputs.push(ctx.param(node.params.bias));
  return [emit1(ctx, 'Conv', inputs, { kernel_shape: kernel, strides: stride, pads, dilations: dilation, group: groups })];
};

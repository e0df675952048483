import type { Lowering } from './context.js';
import { emit1 } from './emit1.js';
import { inputName, requiredParam } from './inputs.js';

/** layernorm -> LayerNormalization over the last axis (opset 17+). */
export const lowerLayernorm: Lowering<'layernorm'> = (node, ctx) => {
  const inputs = [inputName(node, ctx), ctx.param(requiredParam(node, 'weight'))];
  if (node.params.bias) inputs.push(ctx.param(node.params.bias));
  return [emit1(ctx, 'LayerNormalization', inputs, { axis: -1, epsilon: node.attrs.eps })];
};

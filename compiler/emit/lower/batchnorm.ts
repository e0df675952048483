import type { Lowering } from './context.js';
import { emit1 } from './emit1.js';
import { inputName, requiredParam } from './inputs.js';

/** batchnorm -> BatchNormalization in inference mode (running statistics). */
export const lowerBatchnorm: Lowering<'batchnorm'> = (node, ctx) => {
  const roles = ['weight', 'bias', 'running_mean', 'running_var'];
  const params = roles.map((role) => ctx.param(requiredParam(node, role)));
  return [emit1(ctx, 'BatchNormalization', [inputName(node, ctx), ...params], { epsilon: node.attrs.eps })];
};

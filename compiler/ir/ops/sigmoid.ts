/** sigmoid: element-wise, same shape. */
import { activationDoc, activationOp, activationRule } from './elementwise.js';

export const sigmoidRule = activationRule<'sigmoid'>();
export const sigmoid = activationOp('sigmoid', activationDoc('`1 / (1 + exp(-x))`, element-wise.'));

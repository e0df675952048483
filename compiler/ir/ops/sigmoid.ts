/** sigmoid: element-wise, same shape. */
import { activationOp, activationRule } from './elementwise.js';

export const sigmoidRule = activationRule<'sigmoid'>();
export const sigmoid = activationOp('sigmoid');

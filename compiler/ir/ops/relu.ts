/** relu: element-wise, same shape. */
import { activationOp, activationRule } from './elementwise.js';

export const reluRule = activationRule<'relu'>();
export const relu = activationOp('relu');

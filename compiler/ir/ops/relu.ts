/** relu: element-wise, same shape. */
import { activationOp, activationRule } from './elementwise.js';

export const reluRule = activationRule<'relu'>({ betweenShiftAndConv: true, blockedOnnxOps: ['Relu'] });
export const relu = activationOp('relu');

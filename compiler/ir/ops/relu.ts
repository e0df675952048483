/** relu: element-wise, same shape. */
import { activationDoc, activationOp, activationRule } from './elementwise.js';

export const reluRule = activationRule<'relu'>({ betweenShiftAndConv: true, blockedOnnxOps: ['Relu'] });
export const relu = activationOp('relu', activationDoc('`max(x, 0)`, element-wise.'));

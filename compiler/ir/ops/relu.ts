/** relu: element-wise, same shape. */
import { activationDoc, activationOp, activationRule } from './elementwise.js';

export const reluRule = activationRule<'relu'>({ betweenShiftAndConv: true, blockedOnnxOps: ['Relu'], int8: { kind: 'clamps' } });
export const relu = activationOp('relu', activationDoc('`max(x, 0)`, element-wise.'));

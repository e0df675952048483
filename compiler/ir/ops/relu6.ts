/** relu6: element-wise, same shape. */
import { activationDoc, activationOp, activationRule } from './elementwise.js';

export const relu6Rule = activationRule<'relu6'>({ betweenShiftAndConv: true, int8: { kind: 'clamps' } });
export const relu6 = activationOp('relu6', activationDoc('`min(max(x, 0), 6)`, element-wise (MobileNetV2).'));

/** gelu: element-wise (the exact erf form), same shape. */
import { activationOp, activationRule } from './elementwise.js';

export const geluRule = activationRule<'gelu'>();
export const gelu = activationOp('gelu');

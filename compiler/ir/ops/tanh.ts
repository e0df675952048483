/** tanh: element-wise, same shape. */
import { activationDoc, activationOp, activationRule } from './elementwise.js';

export const tanhRule = activationRule<'tanh'>();
export const tanh = activationOp('tanh', activationDoc('The hyperbolic tangent, element-wise.'));

/** tanh: element-wise, same shape. */
import { activationOp, activationRule } from './elementwise.js';

export const tanhRule = activationRule<'tanh'>();
export const tanh = activationOp('tanh');

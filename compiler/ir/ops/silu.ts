/** silu (also spelled swish): x * sigmoid(x), element-wise, same shape (X3D's inner activation). */
import { activationOp, activationRule } from './elementwise.js';

export const siluRule = activationRule<'silu'>();
export const silu = activationOp('silu');
/** pytorchvideo's `Swish` and EfficientNet's name for the same function. */
export const swish = activationOp('silu', 'swish');

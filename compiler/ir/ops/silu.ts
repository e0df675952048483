/** silu (also spelled swish): x * sigmoid(x), element-wise, same shape (X3D's inner activation). */
import { activationDoc, activationOp, activationRule } from './elementwise.js';

export const siluRule = activationRule<'silu'>();
/** One doc for both names: they share a row of the operations table. */
const SILU_DOC = activationDoc("`x * sigmoid(x)`: `silu` and `swish` (pytorchvideo's `Swish`) are one op.");
export const silu = activationOp('silu', SILU_DOC);
/** pytorchvideo's `Swish` and EfficientNet's name for the same function. */
export const swish = activationOp('silu', SILU_DOC, 'swish');

/** hardswish: x * relu6(x + 3) / 6, element-wise, same shape (PyTorch's Hardswish, MobileNetV3). */
import { activationDoc, activationOp, activationRule } from './elementwise.js';

export const hardswishRule = activationRule<'hardswish'>();
export const hardswish = activationOp('hardswish', activationDoc("`x * relu6(x + 3) / 6` (PyTorch's `Hardswish`)."));

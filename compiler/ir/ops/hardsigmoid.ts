/** hardsigmoid: relu6(x + 3) / 6, element-wise, same shape (PyTorch's Hardsigmoid, MobileNetV3's gates). */
import { activationDoc, activationOp, activationRule } from './elementwise.js';

export const hardsigmoidRule = activationRule<'hardsigmoid'>();
export const hardsigmoid = activationOp('hardsigmoid', activationDoc("`relu6(x + 3) / 6` (PyTorch's `Hardsigmoid`)."));

import { scalarF32 } from './constants.js';
import type { Lowering } from './context.js';
import { emit1 } from './emit1.js';
import { inputName } from './inputs.js';

/** relu6 -> Clip(x, 0, 6) with scalar bound inputs (opset 11+ form). */
export const lowerRelu6: Lowering<'relu6'> = (node, ctx) => [emit1(ctx, 'Clip', [inputName(node, ctx), scalarF32(ctx, 'zero', 0), scalarF32(ctx, 'six', 6)])];

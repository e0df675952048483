/**
 * Tensor arithmetic beside the residual sum (add.ts): `a - b`, `a * b`, `a / b` with NumPy broadcasting
 * (the squeeze-excitation gate `x * s`), and a tensor with a number (`x * 0.5`, `1 - x`).
 */
import { first, sameAs } from './common.js';
import { broadcastRule } from './add.js';
import { PER_FRAME, type IROpRule } from './schema.js';

export const subRule = broadcastRule<'sub'>();
export const mulRule = broadcastRule<'mul'>();
export const divRule = broadcastRule<'div'>();

/** A number applied to every element: each channel (and frame) is computed alone. */
export const scalarArithRule: IROpRule<'scalar_arith'> = {
  facts: { time: PER_FRAME, channels: 'independent', betweenShiftAndConv: false, blockedOnnxOps: [] },
  infer: (_a, inputs) => sameAs(first(inputs)),
};

import { scalarF32 } from './constants.js';
import type { Lowering } from './context.js';
import { emit1 } from './emit1.js';
import { inputName } from './inputs.js';

/**
 * gelu, exact erf form: x * 0.5 * (1 + erf(x / sqrt(2))). Opset 20 has Gelu; before it, the
 * Div/Erf/Add/Mul/Mul chain, which is the pattern onnxruntime fuses back into one Gelu kernel.
 */
export const lowerGelu: Lowering<'gelu'> = (node, ctx) => {
  const x = inputName(node, ctx);
  if (ctx.opset >= 20) return [emit1(ctx, 'Gelu', [x], { approximate: 'none' })];
  const scaled = emit1(ctx, 'Div', [x, scalarF32(ctx, 'sqrt2', Math.SQRT2)], {}, 'div');
  const erf = emit1(ctx, 'Erf', [scaled], {}, 'erf');
  const onePlus = emit1(ctx, 'Add', [erf, scalarF32(ctx, 'one', 1)], {}, 'add');
  const timesX = emit1(ctx, 'Mul', [x, onePlus], {}, 'mul');
  return [emit1(ctx, 'Mul', [timesX, scalarF32(ctx, 'half', 0.5)], {}, 'mul_half')];
};

/**
 * gelu_tanh: 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3))), as PyTorch's GELU(approximate='tanh').
 * Opset 20 has Gelu(approximate='tanh'); before it, the chain onnxruntime fuses into its FastGelu kernel.
 */
export const lowerGeluTanh: Lowering<'gelu_tanh'> = (node, ctx) => {
  const x = inputName(node, ctx);
  if (ctx.opset >= 20) return [emit1(ctx, 'Gelu', [x], { approximate: 'tanh' })];
  const cube = emit1(ctx, 'Mul', [x, emit1(ctx, 'Mul', [x, x], {}, 'square')], {}, 'cube');
  const inner = emit1(ctx, 'Add', [x, emit1(ctx, 'Mul', [cube, scalarF32(ctx, 'c', 0.044715)], {}, 'mul_c')], {}, 'add');
  const tanh = emit1(ctx, 'Tanh', [emit1(ctx, 'Mul', [inner, scalarF32(ctx, 'sqrt_2_pi', Math.sqrt(2 / Math.PI))], {}, 'scale')], {}, 'tanh');
  const onePlus = emit1(ctx, 'Add', [tanh, scalarF32(ctx, 'one', 1)], {}, 'one_plus');
  const timesX = emit1(ctx, 'Mul', [x, onePlus], {}, 'mul');
  return [emit1(ctx, 'Mul', [timesX, scalarF32(ctx, 'half', 0.5)], {}, 'mul_half')];
};

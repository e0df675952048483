import type { Lowering } from './context.js';
import { emit1 } from './emit1.js';
import { inputName } from './inputs.js';

/**
 * silu: x * sigmoid(x). Portable: Sigmoid then Mul (onnxruntime fuses that pair into one kernel when it
 * loads the model); ort-cpu / ort-cuda: onnxruntime's com.microsoft QuickGelu with alpha 1, which is
 * x * sigmoid(alpha * x), the fused kernel itself.
 */
export const lowerSilu: Lowering<'silu'> = (node, ctx) => {
  const x = inputName(node, ctx);
  if (ctx.target !== 'portable') return ctx.emit('QuickGelu', [x], { alpha: 1 }, { domain: 'com.microsoft' });
  return [emit1(ctx, 'Mul', [x, emit1(ctx, 'Sigmoid', [x], {}, 'sigmoid')])];
};

/** hardswish -> HardSwish (opset 14): x * max(0, min(1, x / 6 + 1/2)), PyTorch's Hardswish. */
export const lowerHardswish: Lowering<'hardswish'> = (node, ctx) => [emit1(ctx, 'HardSwish', [inputName(node, ctx)])];

/** hardsigmoid -> HardSigmoid(alpha=1/6, beta=1/2): PyTorch's relu6(x + 3) / 6 (ONNX's default alpha is 0.2). */
export const lowerHardsigmoid: Lowering<'hardsigmoid'> = (node, ctx) => [emit1(ctx, 'HardSigmoid', [inputName(node, ctx)], { alpha: 1 / 6, beta: 0.5 })];

/** tanh -> Tanh */
export const lowerTanh: Lowering<'tanh'> = (node, ctx) => [emit1(ctx, 'Tanh', [inputName(node, ctx)])];

/** leaky_relu -> LeakyRelu(alpha = slope) */
export const lowerLeakyRelu: Lowering<'leaky_relu'> = (node, ctx) => [emit1(ctx, 'LeakyRelu', [inputName(node, ctx)], { alpha: node.attrs.slope })];

/**
 * gelu(approximate=none): element-wise, same shape. `none` is the exact erf form (PyTorch's default);
 * `tanh` is the tanh approximation (PyTorch `GELU(approximate='tanh')`, flax's default `gelu`, which
 * scenic's ViViT uses), IR op gelu_tanh.
 */
import { first, sameAs } from './common.js';
import { activationRule } from './elementwise.js';
import { type ArgSpec, ELEMENTWISE_UNARY_FACTS, type IROpRule, type SurfaceOp } from './schema.js';

export const geluRule = activationRule<'gelu'>();
export const geluTanhRule: IROpRule<'gelu_tanh'> = { facts: ELEMENTWISE_UNARY_FACTS, infer: (_a, inputs) => sameAs(first(inputs)) };

/** The `approximate` argument gelu and mlp share. */
export const APPROXIMATE: ArgSpec = { name: 'approximate', type: { kind: 'word', words: ['none', 'tanh'] }, default: 'none' };

export const gelu: SurfaceOp = {
  name: 'gelu',
  doc: {
    shapes: 'same',
    text: "The exact (erf) GELU; `approximate=tanh` is the tanh approximation (PyTorch's `GELU(approximate='tanh')`, flax's default).",
  },
  tokens: 'keep',
  hasParams: false,
  args: [APPROXIMATE],
  apply: (call) => call.emit(call.word('approximate') === 'tanh' ? 'gelu_tanh' : 'gelu', {}),
};

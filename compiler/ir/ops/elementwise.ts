/** The element-wise activations share one shape rule: the output is the input's shape, time and tokens. */
import type { OpName } from '../graph.js';
import { first, sameAs } from './common.js';
import { ELEMENTWISE_UNARY_FACTS, type IROpRule, type OpFacts, type SurfaceOp } from './schema.js';

type Activation = Extract<OpName, 'relu' | 'relu6' | 'gelu' | 'sigmoid' | 'silu' | 'hardswish' | 'hardsigmoid' | 'tanh' | 'leaky_relu'>;

/** An activation's rule; `facts` add to the element-wise ones what only some activations allow. */
export function activationRule<K extends Activation>(facts: Partial<OpFacts<K>> = {}): IROpRule<K> {
  return { facts: { ...ELEMENTWISE_UNARY_FACTS, ...facts }, infer: (_a, inputs) => sameAs(first(inputs)) };
}

/** The surface op of an activation without arguments; `name` differs for an alias (`swish` is `silu`). */
export function activationOp(op: Exclude<Activation, 'leaky_relu'>, name: string = op): SurfaceOp {
  return { name, tokens: 'keep', hasParams: false, args: [], apply: (call) => call.emit(op, {}) };
}

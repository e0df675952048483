/** The element-wise activations share one shape rule: the output is the input's shape, time and tokens. */
import type { OpName } from '../graph.js';
import { first, sameAs } from './common.js';
import type { IROpRule, SurfaceOp } from './schema.js';

type Activation = Extract<OpName, 'relu' | 'relu6' | 'gelu' | 'sigmoid'>;

export function activationRule<K extends Activation>(): IROpRule<K> {
  return { infer: (_a, inputs) => sameAs(first(inputs)) };
}

export function activationOp(op: Activation): SurfaceOp {
  return { name: op, tokens: 'keep', hasParams: false, args: [], apply: (call) => call.emit(op, {}) };
}

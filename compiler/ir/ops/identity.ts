/** identity: the IR form of inference no-ops (dropout); removed by the identity pass. */
import { first, sameAs } from './common.js';
import { PER_FRAME, type IROpRule } from './schema.js';

export const identityRule: IROpRule<'identity'> = {
  facts: { time: PER_FRAME, channels: 'independent', betweenShiftAndConv: true, blockedOnnxOps: [], int8: { kind: 'moves' } },
  infer: (_a, inputs) => sameAs(first(inputs)),
};

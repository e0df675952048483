/** identity: the IR form of inference no-ops (dropout); removed by the identity pass. */
import { first, sameAs } from './common.js';
import type { IROpRule } from './schema.js';

export const identityRule: IROpRule<'identity'> = { infer: (_a, inputs) => sameAs(first(inputs)) };

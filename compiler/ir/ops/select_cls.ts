/**
 * cls (IR select_cls): the cls token's state: shared [N, 1+T*S, D] -> [N, D]; per_frame [N*T, 1+S, D] -> [N*T, D];
 * a sequence after its cls token [N, 1+L, D] -> [N, D].
 */
import { NoClsToken, NotTokens } from '../../../base/diagnostics/codes.js';
import { shapeToString } from '../dim.js';
import { first } from './common.js';
import { PER_FRAME, type IROpRule, type SurfaceOp } from './schema.js';
import { describeTokens, plainSequence } from './tokens.js';

export const selectClsRule: IROpRule<'select_cls'> = {
  facts: { time: PER_FRAME, channels: 'mixing', betweenShiftAndConv: false, blockedOnnxOps: [] },
  infer(_a, inputs) {
    const x = first(inputs);
    if (!x?.tokens || x.tokens.cls === 'none') return 'needs tokens with a cls token';
    const shape = [x.shape[0] ?? 1, x.shape[2] ?? 1];
    return { shape, ...(x.time ? { time: x.time } : {}) };
  },
};

export const cls: SurfaceOp = {
  name: 'cls',
  doc: {
    shapes: 'tokens -> `[N, D]`',
    text: "The cls token's state (per-frame tokens give `[N*T, D]`; a sequence after `cls_token`, `[N, D]`).",
  },
  tokens: 'own',
  hasParams: false,
  args: [],
  apply(call) {
    const x = call.input;
    const sequence = plainSequence(x);
    if (sequence) return void call.report(NoClsToken, { op: 'cls', found: describeTokens(sequence), sequence: true });
    if (!x.tokens) return void call.report(NotTokens, { op: 'cls', shape: shapeToString(x.shape), sequence: true });
    if (x.tokens.cls === 'none') return void call.report(NoClsToken, { op: 'cls', found: describeTokens(x.tokens), sequence: x.tokens.sequence === true });
    return call.emit('select_cls', {});
  },
};

/** cls (IR select_cls): the cls token's state: shared [N, 1+T*S, D] -> [N, D]; per_frame [N*T, 1+S, D] -> [N*T, D]. */
import { NoClsToken, NotTokens } from '../../diagnostics/codes.js';
import { shapeToString } from '../dim.js';
import { first } from './common.js';
import { PER_FRAME, type IROpRule, type SurfaceOp } from './schema.js';

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
  tokens: 'own',
  hasParams: false,
  args: [],
  apply(call) {
    const x = call.input;
    if (!x.tokens) return void call.report(NotTokens, { op: 'cls', shape: shapeToString(x.shape) });
    if (x.tokens.cls === 'none') return void call.report(NoClsToken, { op: 'cls' });
    return call.emit('select_cls', {});
  },
};

/** flatten: `[B, ...] -> [B, prod(...)]`; the axes after the batch must have known sizes. */
import { dimMul } from '../dim.js';
import { first, keepTime, knownDim, requireRank } from './common.js';
import { PER_FRAME, type IROpRule, type SurfaceOp } from './schema.js';

export const flattenRule: IROpRule<'flatten'> = {
  facts: {
    time: (a) => (a.axis === 0 ? { kind: 'mixes-frames', why: 'it flattens the merged frame axis' } : PER_FRAME),
    channels: 'mixing',
    betweenShiftAndConv: false,
    blockedOnnxOps: [],
  },
  infer(a, inputs) {
    const x = first(inputs);
    if (!x || x.shape.length < a.axis) return 'rank below the flatten axis';
    const shape = [x.shape.slice(0, a.axis).reduce(dimMul, 1), x.shape.slice(a.axis).reduce(dimMul, 1)];
    const time = keepTime(x, shape);
    return { shape, ...(time ? { time } : {}) };
  },
};

export const flatten: SurfaceOp = {
  name: 'flatten',
  doc: {
    shapes: '`[B, ...] -> [B, prod]`',
    text: 'Folds every axis after the batch into one.',
  },
  tokens: 'reject',
  hasParams: false,
  args: [],
  apply(call) {
    if (!requireRank(call, 'at least 1 dimension', call.input.shape.length >= 1)) return undefined;
    for (const d of call.input.shape.slice(1)) if (knownDim(call, d, 'a flattened axis') === undefined) return undefined;
    return call.emit('flatten', { axis: 1 });
  },
};

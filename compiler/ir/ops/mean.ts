/**
 * mean(axis): the mean over one axis or a tuple of axes, dropping them. On token values only `mean(1)`, the
 * mean over the tokens of each row (VideoMAE's `x.mean(1)` before fc_norm): [N, L, D] -> [N, D], cls token
 * included when there is one; tokens with a cls token in each frame give [N*T, D].
 */
import { AxisOutOfRange, BadArgumentValue, TokensNotAllowed } from '../../../base/diagnostics/codes.js';
import { asInts } from './conv.js';
import { first, keepTime, normalizeAxis } from './common.js';
import type { IROpRule, SurfaceOp } from './schema.js';

export const meanRule: IROpRule<'mean'> = {
  facts: { time: { kind: 'mixes-frames', why: 'it may average across frames' }, channels: 'mixing', betweenShiftAndConv: false, blockedOnnxOps: [] },
  infer(a, inputs) {
    const x = first(inputs);
    if (!x || a.axes.some((ax) => normalizeAxis(ax, x.shape.length) !== ax)) return 'axes out of range';
    const shape = x.shape.filter((_d, i) => !a.axes.includes(i));
    const time = a.axes.includes(0) ? undefined : keepTime(x, shape);
    return { shape, ...(time ? { time } : {}) };
  },
};

export const mean: SurfaceOp = {
  name: 'mean',
  doc: {
    shapes: 'drops the axis',
    text: 'The mean over an axis, or a tuple of axes (negative counts from the end). On tokens only `mean(1)`, the mean over the tokens: `[N, L, D] -> [N, D]`.',
  },
  tokens: 'own',
  hasParams: false,
  args: [{ name: 'axis', type: { kind: 'ints' } }],
  apply(call) {
    const rank = call.input.shape.length;
    const axes: number[] = [];
    for (const ax of asInts(call.ints('axis'))) {
      const a = normalizeAxis(ax, rank);
      if (a === undefined) return void call.report(AxisOutOfRange, { op: 'mean', axis: ax, rank }, 'axis');
      if (axes.includes(a))
        return void call.report(BadArgumentValue, { callee: 'mean', name: 'axis', value: `axis ${ax} twice`, expected: 'distinct axes' }, 'axis');
      axes.push(a);
    }
    const tokens = call.input.tokens;
    if (tokens && (axes.length !== 1 || axes[0] !== 1)) return void call.report(TokensNotAllowed, { op: 'mean', cls: tokens.cls !== 'none' }, 'axis');
    return call.emit('mean', { axes: axes.sort((a, b) => a - b) });
  },
};

/** unframes: `[N*T, *rest] -> [N, T, *rest]`, the inverse of frames. */
import { NoTimeAxis } from '../../../base/diagnostics/codes.js';
import { dimDiv, shapeToString } from '../dim.js';
import { first } from './common.js';
import type { IROpRule, SurfaceOp } from './schema.js';

export const unframesRule: IROpRule<'unframes'> = {
  facts: { time: { kind: 'mixes-frames', why: 'it regroups frames into clips' }, channels: 'mixing', betweenShiftAndConv: false, blockedOnnxOps: [] },
  infer(a, inputs) {
    const x = first(inputs);
    const n = x?.shape[0] !== undefined ? dimDiv(x.shape[0], a.frames) : undefined;
    if (!x || n === undefined) return `axis 0 is not a multiple of ${a.frames} frames`;
    return { shape: [n, a.frames, ...x.shape.slice(1)], time: { length: a.frames, form: 'axis', axis: 1 } };
  },
};

export const unframes: SurfaceOp = {
  name: 'unframes',
  tokens: 'reject',
  hasParams: false,
  args: [],
  apply(call) {
    const t = call.input.time;
    if (t?.form !== 'merged') return void call.report(NoTimeAxis, { op: 'unframes', shape: shapeToString(call.input.shape) });
    return call.emit('unframes', { frames: t.length });
  },
};

/**
 * concat(a, b, ..., axis=1): joins tensors along one axis; every other axis must agree. The surface op
 * (S3D's Inception branches, SlowFast's lateral connections) and the rebuild passes add after channel
 * splitting share the rule.
 */
import { AxisOutOfRange, ConcatMismatch, DTypeMismatch, SymbolicDim } from '../../../base/diagnostics/codes.js';
import { dimEquals, shapeToString } from '../dim.js';
import type { IRValue } from '../graph.js';
import { normalizeAxis } from './common.js';
import { PER_FRAME, type IROpRule, type OpCall, type SurfaceOp } from './schema.js';

export const concatRule: IROpRule<'concat'> = {
  facts: {
    time: (a) => (a.axis === 0 ? { kind: 'mixes-frames', why: 'it joins along the merged frame axis' } : PER_FRAME),
    channels: 'mixing',
    betweenShiftAndConv: false,
    blockedOnnxOps: [],
  },
  infer(a, inputs) {
    const [x] = inputs;
    if (!x) return 'concat needs inputs';
    let total = 0;
    for (const v of inputs) {
      const size = v.shape[a.axis];
      if (typeof size !== 'number') return 'concat needs known sizes on the axis';
      if (mismatchedAxis(x, v, a.axis) !== undefined) return 'inputs differ off the concat axis';
      total += size;
    }
    const shape = [...x.shape];
    shape[a.axis] = total;
    // The time axis stays where the join is along another axis.
    const time = x.time && (x.time.form === 'merged' ? a.axis !== 0 : a.axis !== x.time.axis) ? x.time : undefined;
    return { shape, ...(time ? { time } : {}) };
  },
};

/** The first axis other than `axis` where `v` differs from `x` (-1: the ranks differ), if any. */
function mismatchedAxis(x: IRValue, v: IRValue, axis: number): number | undefined {
  if (v.shape.length !== x.shape.length) return -1;
  const at = v.shape.findIndex((d, i) => i !== axis && !dimEquals(d, x.shape[i] ?? 0));
  return at < 0 ? undefined : at;
}

export const concat: SurfaceOp = {
  name: 'concat',
  doc: {
    shapes: 'tensors `[B, C1, *S]`, `[B, C2, *S]` -> `[B, C1 + C2, *S]`',
    text: 'Joins tensors along `axis` (negative counts from the end): tensors first (a pipeline value is the first one; `concat((a, b))` as `torch.cat`), and every other axis must be equal (VN329 names the axis and both shapes). Keeps the time axis.',
  },
  tokens: 'reject',
  hasParams: false,
  inputs: 'many',
  args: [{ name: 'axis', type: { kind: 'int' }, default: 1 }],
  apply: applyConcat,
};

function applyConcat(call: OpCall): IRValue | undefined {
  const [x] = call.inputs;
  if (!x) return undefined;
  const rank = x.shape.length;
  const axis = normalizeAxis(call.int('axis'), rank);
  if (axis === undefined) return void call.report(AxisOutOfRange, { op: 'concat', axis: call.int('axis'), rank }, 'axis');
  for (const [i, v] of call.inputs.entries()) {
    if (v.dtype !== x.dtype) return void call.report(DTypeMismatch, { what: `input ${i + 1} of 'concat'`, expected: x.dtype, found: v.dtype });
    const at = mismatchedAxis(x, v, axis);
    if (at !== undefined) {
      const shapes = { first: `${x.dtype}${shapeToString(x.shape)}`, other: `${v.dtype}${shapeToString(v.shape)}`, index: i + 1 };
      return void call.report(ConcatMismatch, { ...shapes, axis: at, joined: axis });
    }
    const size = v.shape[axis];
    if (typeof size !== 'number')
      return void call.report(SymbolicDim, { what: `the size of axis ${axis} that 'concat' joins`, dim: shapeToString([size ?? 0]).slice(1, -1) });
  }
  return call.emit('concat', { axis }, { inputs: call.inputs });
}

/** reshape(d0, d1, ...): any shape with the same number of elements; one size may be -1. Not on tokens. */
import { ReshapeMismatch } from '../../../base/diagnostics/codes.js';
import { type Dim, dimDiv, dimEquals, dimMul, shapeToString } from '../dim.js';
import { first, keepTime } from './common.js';
import type { IROpRule, SurfaceOp } from './schema.js';

export const reshapeRule: IROpRule<'reshape'> = {
  facts: {
    time: { kind: 'mixes-frames', why: 'it reshapes across the merged frame axis' },
    channels: 'mixing',
    betweenShiftAndConv: false,
    blockedOnnxOps: [],
  },
  infer(a, inputs) {
    const x = first(inputs);
    if (!x) return 'missing input';
    if (!dimEquals(x.shape.reduce(dimMul, 1), a.shape.reduce(dimMul, 1))) return 'element counts differ';
    const time = keepTime(x, a.shape);
    return { shape: a.shape, ...(time ? { time } : {}) };
  },
};

export const reshape: SurfaceOp = {
  name: 'reshape',
  doc: {
    shapes: 'any -> given dims',
    text: 'One dim may be `-1`; not on token values.',
  },
  tokens: 'reject',
  hasParams: false,
  args: [{ name: 'dims', type: { kind: 'dim' }, variadic: true }],
  apply(call) {
    const dims = call.dims('dims');
    const from = shapeToString(call.input.shape);
    const to = `(${dims.map((d) => shapeToString([d]).slice(1, -1)).join(', ')})`;
    const fail = (reason: string): undefined => void call.report(ReshapeMismatch, { from, to, reason }, 'dims');
    if (dims.length === 0) return fail('give at least one size');
    const holes = dims.filter((d) => d === -1).length;
    if (holes > 1) return fail('only one size may be -1');
    if (dims.some((d) => typeof d === 'number' && d !== -1 && d < 1)) return fail('sizes must be positive (or one -1)');
    const total = call.input.shape.reduce(dimMul, 1);
    const known = dims.filter((d) => d !== -1).reduce<Dim>((p, d) => dimMul(p, d), 1);
    let shape: readonly Dim[] = dims;
    if (holes === 1) {
      const rest = dimDiv(total, known);
      if (rest === undefined) return fail(`${shapeToString([total]).slice(1, -1)} elements do not divide into sizes of ${shapeToString([known]).slice(1, -1)}`);
      shape = dims.map((d) => (d === -1 ? rest : d));
    } else if (!dimEquals(total, known)) {
      return fail(`${shapeToString([total]).slice(1, -1)} elements vs ${shapeToString([known]).slice(1, -1)}`);
    }
    return call.emit('reshape', { shape });
  },
};

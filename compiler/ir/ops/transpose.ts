/** transpose(a0, a1, ...): permutes axes; the arguments are a permutation of 0..rank-1. Not on tokens. */
import { BadPermutation } from '../../../base/diagnostics/codes.js';
import type { Dim } from '../dim.js';
import { first } from './common.js';
import type { IROpRule, SurfaceOp } from './schema.js';

function isPermutation(perm: readonly number[], rank: number): boolean {
  return perm.length === rank && [...perm].sort((a, b) => a - b).every((p, i) => p === i);
}

export const transposeRule: IROpRule<'transpose'> = {
  facts: { time: { kind: 'mixes-frames', why: 'it moves the merged frame axis' }, channels: 'mixing', betweenShiftAndConv: false, blockedOnnxOps: [] },
  infer(a, inputs) {
    const x = first(inputs);
    if (!x || !isPermutation(a.perm, x.shape.length)) return 'not a permutation of the axes';
    const shape = a.perm.map((p) => x.shape[p] as Dim);
    const time = x.time?.form === 'merged' && a.perm[0] === 0 ? x.time : undefined;
    return { shape, ...(time ? { time } : {}) };
  },
};

export const transpose: SurfaceOp = {
  name: 'transpose',
  tokens: 'reject',
  hasParams: false,
  args: [{ name: 'perm', type: { kind: 'dim' }, variadic: true }],
  apply(call) {
    const perm = call.dims('perm');
    const rank = call.input.shape.length;
    const ints = perm.filter((p): p is number => typeof p === 'number');
    if (ints.length !== perm.length || !isPermutation(ints, rank)) {
      return void call.report(BadPermutation, { perm: `(${perm.map((p) => (typeof p === 'number' ? p : '?')).join(', ')})`, rank }, 'perm');
    }
    return call.emit('transpose', { perm: ints });
  },
};

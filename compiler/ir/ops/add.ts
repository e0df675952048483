/** add: element-wise sum with NumPy broadcasting (the residual sum); token values of one layout add as they are. */
import { type Dim, dimEquals } from '../dim.js';
import type { IRValue, OpName } from '../graph.js';
import { keepTime } from './common.js';
import { type Inferred, type Int8Fact, PER_FRAME, type IROpRule } from './schema.js';

/** NumPy broadcasting; the axis (counted from the left of the longer shape) where it fails. */
export function broadcastShapes(a: readonly Dim[], b: readonly Dim[]): Dim[] | { axis: number } {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (dimEquals(da, db) || db === 1) out.push(da);
    else if (da === 1) out.push(db);
    else return { axis: i };
  }
  return out;
}

/** The output of an element-wise op on two broadcast operands: the time axis of the one that keeps the batch. */
export function inferBroadcast(inputs: readonly IRValue[]): Inferred | string {
  const [x, y] = inputs;
  if (!x || !y) return 'needs two inputs';
  const shape = broadcastShapes(x.shape, y.shape);
  if (!Array.isArray(shape)) return `shapes do not broadcast at axis ${shape.axis}`;
  const timed: IRValue | undefined = [x, y].find((v) => keepTime(v, shape));
  const time = timed ? keepTime(timed, shape) : undefined;
  const tokens = x.tokens ?? y.tokens;
  return { shape, ...(time ? { time } : {}), ...(tokens ? { tokens } : {}) };
}

/** An element-wise op of two tensors; `blockedOnnxOps`: those of its lowering that stay NCHWc blocked. */
export function broadcastRule<K extends Extract<OpName, 'add' | 'sub' | 'mul' | 'div'>>(blockedOnnxOps: readonly string[] = [], int8?: Int8Fact): IROpRule<K> {
  return {
    facts: { time: PER_FRAME, channels: 'elementwise', betweenShiftAndConv: false, blockedOnnxOps, ...(int8 ? { int8 } : {}) },
    infer: (_a, inputs) => inferBroadcast(inputs),
  };
}

export const addRule = broadcastRule<'add'>(['Add', 'Sum'], { kind: 'compute' });

/** Small helpers shared by the op files: time-axis propagation, known sizes, per-axis tuples. */
import { NonPositiveSize, RankMismatch, SymbolicDim, TupleLength } from '../../../base/diagnostics/codes.js';
import { type Dim, dimEquals, elementsPerSample, shapeToString } from '../dim.js';
import type { IRValue, TimeAxis } from '../graph.js';
import type { Inferred, OpCall } from './schema.js';

/** Ops that keep the batch axis keep a merged time axis; anything else loses it. */
export function keepTime(input: IRValue, shape: readonly Dim[]): TimeAxis | undefined {
  const t = input.time;
  if (t?.form !== 'merged') return undefined;
  const first = shape[0];
  const before = input.shape[0];
  return first !== undefined && before !== undefined && dimEquals(first, before) ? t : undefined;
}

/** The output of a shape-preserving op: same shape, time and tokens. */
export function sameAs(input: IRValue | undefined): Inferred | string {
  if (!input) return 'missing input';
  return withLayout(input, input.shape);
}

export function withLayout(input: IRValue, shape: readonly Dim[]): Inferred {
  const time = keepTime(input, shape);
  return { shape, ...(time ? { time } : {}), ...(input.tokens ? { tokens: input.tokens } : {}) };
}

export function first(inputs: readonly IRValue[]): IRValue | undefined {
  return inputs[0];
}

/** A dimension that must be a known number for this op; reports and returns undefined otherwise. */
export function knownDim(call: OpCall, dim: Dim | undefined, what: string): number | undefined {
  if (dim === undefined) return undefined;
  if (typeof dim === 'number') return dim;
  call.report(SymbolicDim, { what, dim: shapeToString([dim]).slice(1, -1) });
  return undefined;
}

/** Rank at least `min` (and at most `max`), else reports with `hint`. */
export function requireRank(call: OpCall, expected: string, ok: boolean, hint?: string): boolean {
  if (ok) return true;
  call.report(RankMismatch, { op: call.op, expected, found: `${shapeToString(call.input.shape)} (${call.input.shape.length}-D)` }, undefined, hint);
  return false;
}

/** An `ints` argument expanded to `n` values (one int is repeated), or undefined after reporting. */
export function perAxis(call: OpCall, name: string, n: number, values: readonly number[]): number[] | undefined {
  if (values.length === 1) return Array.from({ length: n }, () => values[0] as number);
  if (values.length === n) return [...values];
  call.report(TupleLength, { callee: call.op, name, expected: n, found: values.length }, name);
  return undefined;
}

/** Every value >= min, else reports at the argument. */
export function atLeast(call: OpCall, name: string, values: readonly number[], min: number): boolean {
  const bad = values.find((v) => v < min);
  if (bad === undefined) return true;
  call.report(NonPositiveSize, { what: min === 0 ? `'${name}' of '${call.op}' (>= 0)` : `'${name}' of '${call.op}'`, value: bad }, name);
  return false;
}

/** -1 is the last axis; undefined when out of range. */
export function normalizeAxis(axis: number, rank: number): number | undefined {
  const a = axis < 0 ? axis + rank : axis;
  return a >= 0 && a < rank ? a : undefined;
}

/** `floor((S + pb + pe - d(k-1) - 1) / s) + 1`: convolution and pooling output size. */
export function windowOutput(size: number, k: number, s: number, pb: number, pe: number, d: number): number {
  return Math.floor((size + pb + pe - d * (k - 1) - 1) / s) + 1;
}

export function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

export function perSample(v: IRValue): number {
  return elementsPerSample(v.shape);
}

/** The spatial output sizes of a windowed op, or the reason they are not positive. */
export function windowShape(
  input: IRValue,
  n: number,
  kernel: readonly number[],
  stride: readonly number[],
  pads: readonly number[],
  dilation: readonly number[],
): number[] | string {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const size = input.shape[2 + i];
    if (typeof size !== 'number') return `spatial size ${i} is not known`;
    const o = windowOutput(size, kernel[i] ?? 1, stride[i] ?? 1, pads[i] ?? 0, pads[i + n] ?? 0, dilation[i] ?? 1);
    if (o <= 0)
      return `the window (kernel ${kernel[i]}, dilation ${dilation[i] ?? 1}) does not fit spatial size ${size} with padding ${pads[i] ?? 0}+${pads[i + n] ?? 0}`;
    out.push(o);
  }
  return out;
}

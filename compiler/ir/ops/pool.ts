/** The windowed pools (maxpool, avgpool): `[B, C, *S] -> [B, C, *S']` with the convolution's floor formula. */
import { ShapeRule } from '../../../base/diagnostics/codes.js';
import type { Dim } from '../dim.js';
import type { IRValue } from '../graph.js';
import { atLeast, keepTime, perAxis, requireRank, windowShape } from './common.js';
import { asInts } from './conv.js';
import type { ArgSpec, Inferred, OpCall } from './schema.js';

export const poolArgs: readonly ArgSpec[] = [
  { name: 'k', type: { kind: 'ints' } },
  { name: 'stride', type: { kind: 'ints' }, optional: true },
  { name: 'pad', type: { kind: 'ints' }, default: [0] },
];

export interface PoolWindow {
  readonly kernel: number[];
  readonly stride: number[];
  readonly pads: number[];
}

export function poolInfer(a: { kernel: readonly number[]; stride: readonly number[]; pads: readonly number[] }, inputs: readonly IRValue[]): Inferred | string {
  const x = inputs[0];
  if (!x) return 'missing input';
  const n = a.kernel.length;
  if (x.shape.length !== n + 2) return `expects ${n + 2}-D input`;
  const spatial = windowShape(x, n, a.kernel, a.stride, a.pads, []);
  if (typeof spatial === 'string') return spatial;
  const shape: Dim[] = [x.shape[0] ?? 1, x.shape[1] ?? 1, ...spatial];
  const time = keepTime(x, shape);
  return { shape, ...(time ? { time } : {}) };
}

/** The window of a pool call; spatial axes are all axes after [B, C] (1 to 3 of them). */
export function poolWindow(call: OpCall): PoolWindow | undefined {
  const rank = call.input.shape.length;
  if (!requireRank(call, '3 to 5 dimensions [B, C, *S]', rank >= 3 && rank <= 5)) return undefined;
  const n = rank - 2;
  const kernel = perAxis(call, 'k', n, asInts(call.ints('k')));
  const stride = call.given('stride') ? perAxis(call, 'stride', n, asInts(call.ints('stride'))) : kernel;
  const pad = perAxis(call, 'pad', n, asInts(call.ints('pad')));
  if (!kernel || !stride || !pad) return undefined;
  if (![atLeast(call, 'k', kernel, 1), atLeast(call, 'stride', stride, 1), atLeast(call, 'pad', pad, 0)].every(Boolean)) return undefined;
  const window = { kernel, stride: [...stride], pads: [...pad, ...pad] };
  const out = poolInfer(window, [call.input]);
  if (typeof out === 'string') return void call.report(ShapeRule, { op: call.op, reason: out });
  return window;
}

/**
 * shift(fold=1/8, dir=both): TSM's temporal shift on `[N*T, C, ...]`, same shape, zero parameters.
 * `fold` is the fraction moved each way; `fold_div = round(1/fold)` and `fold = C // fold_div` channels move,
 * exactly the official implementation's arithmetic. `fold_div=8` may be written instead.
 */
import { BadArgumentValue, ConflictingArguments, NoTimeAxis, ShiftFold } from '../../../base/diagnostics/codes.js';
import { shapeToString } from '../dim.js';
import { first, knownDim, requireRank, sameAs } from './common.js';
import type { OpAttrs } from '../graph.js';
import type { IROpRule, OpCall, SurfaceOp } from './schema.js';

export const shiftRule: IROpRule<'shift'> = {
  facts: { time: { kind: 'moves-frames' }, channels: 'independent', betweenShiftAndConv: false, blockedOnnxOps: [], int8: { kind: 'moves' } },
  infer(a, inputs) {
    const x = first(inputs);
    if (x?.time?.form !== 'merged' || x.time.length !== a.frames) return 'needs merged frames';
    const c = x.shape[1];
    if (typeof c !== 'number' || a.foldChannels < 1 || shiftedChannels(a) > c) return 'fold does not fit the channels';
    return sameAs(x);
  },
};

export const shift: SurfaceOp = {
  name: 'shift',
  doc: {
    shapes: '`[N*T, C, ...]` same',
    text: "TSM's temporal shift: `fold` is a fraction (`fold_div = round(1/fold)`, `C // fold_div` channels move each way) or an int `fold_div` via `fold_div=8` (not both); `dir=both` or `dir=past`. Needs frames merged into the batch (apply `frames` first); an error when no channel moves, or more than C would.",
  },
  tokens: 'reject',
  hasParams: false,
  args: [
    { name: 'fold', type: { kind: 'float' }, optional: true, shownDefault: '1/8' },
    { name: 'dir', type: { kind: 'word', words: ['both', 'past'] }, default: 'both' },
    { name: 'fold_div', type: { kind: 'int' }, optional: true },
  ],
  apply(call) {
    const x = call.input;
    if (!requireRank(call, 'at least 2 dimensions [N*T, C, ...]', x.shape.length >= 2)) return undefined;
    if (x.time?.form !== 'merged') return void call.report(NoTimeAxis, { op: 'shift', shape: shapeToString(x.shape) });
    const c = knownDim(call, x.shape[1], 'the channel count of the shifted value');
    const foldDiv = foldDivisor(call);
    if (c === undefined || foldDiv === undefined) return undefined;
    const fold = Math.floor(c / foldDiv);
    const direction = call.word('dir') === 'past' ? 'past' : 'both';
    if (fold === 0 || (direction === 'both' ? 2 * fold : fold) > c) {
      return void call.report(ShiftFold, { channels: c, foldDiv, fold, dir: direction }, call.given('fold') ? 'fold' : 'fold_div');
    }
    return call.emit('shift', { frames: x.time.length, foldChannels: fold, direction });
  },
};

function foldDivisor(call: OpCall): number | undefined {
  if (call.given('fold') && call.given('fold_div')) {
    return void call.report(ConflictingArguments, { callee: 'shift', first: 'fold', second: 'fold_div' }, 'fold_div');
  }
  if (call.given('fold_div')) {
    const d = call.int('fold_div');
    if (d >= 1) return d;
    return void call.report(BadArgumentValue, { callee: 'shift', name: 'fold_div', value: String(d), expected: 'a positive int' }, 'fold_div');
  }
  if (!call.given('fold')) return 8;
  const f = call.float('fold');
  if (f > 0 && f <= 1) return Math.round(1 / f);
  return void call.report(BadArgumentValue, { callee: 'shift', name: 'fold', value: String(f), expected: 'a fraction in (0, 1], e.g. 1/8' }, 'fold');
}

/** One channel group of a shift: channels [start, end) of frame t come from frame t + offset (0: they stay). */
export interface ShiftChannelGroup {
  readonly start: number;
  readonly end: number;
  readonly offset: 1 | -1 | 0;
}

type ShiftAttrs = Pick<OpAttrs['shift'], 'foldChannels' | 'direction'>;

/**
 * The channel groups of a shift in the official implementation's order (the one place this arithmetic
 * lives; lowering, fusion and online compilation use it): [0, f) from t+1 (both) or t-1 (past),
 * [f, 2f) from t-1 (both), the rest stay. Empty groups are left out (2f == C moves every channel).
 */
export function shiftChannelGroups(attrs: ShiftAttrs, channels: number): ShiftChannelGroup[] {
  const f = attrs.foldChannels;
  const groups: ShiftChannelGroup[] =
    attrs.direction === 'both'
      ? [
          { start: 0, end: f, offset: 1 },
          { start: f, end: 2 * f, offset: -1 },
          { start: 2 * f, end: channels, offset: 0 },
        ]
      : [
          { start: 0, end: f, offset: -1 },
          { start: f, end: channels, offset: 0 },
        ];
  return groups.filter((g) => g.end > g.start);
}

/** How many channels a shift moves in all: 2f both ways, f past-only. */
export function shiftedChannels(attrs: ShiftAttrs): number {
  return attrs.direction === 'both' ? 2 * attrs.foldChannels : attrs.foldChannels;
}

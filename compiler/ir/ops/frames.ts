/** frames: `[N, T, *rest] -> [N*T, *rest]`; remembers T so shift, unframes and consensus can find the clips. */
import { TimeAxisConflict } from '../../../base/diagnostics/codes.js';
import { dimMul } from '../dim.js';
import { atLeast, first, knownDim, requireRank } from './common.js';
import type { IROpRule, SurfaceOp } from './schema.js';

export const framesRule: IROpRule<'frames'> = {
  facts: {
    time: { kind: 'mixes-frames', why: 'it regroups the frames of a clip' },
    channels: 'mixing',
    betweenShiftAndConv: false,
    blockedOnnxOps: [],
    int8: { kind: 'moves' },
  },
  infer(a, inputs) {
    const x = first(inputs);
    if (!x || x.shape.length < 2) return 'expects [N, T, ...]';
    if (x.shape[1] !== a.frames) return `axis 1 is not ${a.frames}`;
    return {
      shape: [dimMul(x.shape[0] ?? 1, a.frames), ...x.shape.slice(2)],
      time: { length: a.frames, form: 'merged', axis: 0 },
    };
  },
};

export const frames: SurfaceOp = {
  name: 'frames',
  doc: {
    shapes: '`[N, T, *rest] -> [N*T, *rest]`',
    text: 'Folds the time axis into the batch; the time axis is remembered (`consensus`, `unframes` and `shift` need it).',
  },
  tokens: 'reject',
  hasParams: false,
  args: [],
  apply(call) {
    const x = call.input;
    if (!requireRank(call, 'at least 2 dimensions [N, T, ...]', x.shape.length >= 2)) return undefined;
    if (x.time?.form === 'merged') {
      return void call.report(TimeAxisConflict, { op: 'frames', reason: 'the frames are already merged into the batch' });
    }
    const t = knownDim(call, x.shape[1], 'the number of frames (axis 1)');
    if (t === undefined || !atLeast(call, 'frames', [t], 1)) return undefined;
    return call.emit('frames', { frames: t });
  },
};

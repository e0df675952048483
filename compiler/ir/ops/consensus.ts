/**
 * consensus: `[N*T, *rest] -> [N, *rest]`, the mean over each clip's T frames (TSN/TSM average consensus).
 * On per-frame tokens [N*T, 1+S, D] (the space-only TimeSformer) the frames are averaged before the final
 * norm, as the official implementation does; the result is a one-frame clip: tokens with frames 1 and a
 * shared cls token, [N, 1+S, D], so `cls` and `layernorm` apply as usual.
 */
import { NoTimeAxis, WrongTokenLayout } from '../../../base/diagnostics/codes.js';
import { dimDiv, shapeToString } from '../dim.js';
import { first } from './common.js';
import { describeTokens } from './tokens.js';
import type { IROpRule, SurfaceOp } from './schema.js';

export const consensusRule: IROpRule<'consensus'> = {
  facts: { time: { kind: 'averages-frames' }, channels: 'independent', betweenShiftAndConv: false, blockedOnnxOps: [] },
  infer(a, inputs) {
    const x = first(inputs);
    const n = x?.shape[0] !== undefined ? dimDiv(x.shape[0], a.frames) : undefined;
    if (!x || n === undefined) return `axis 0 is not a multiple of ${a.frames} frames`;
    if (x.tokens && x.tokens.cls !== 'per_frame') return 'only per-frame tokens have frames to average';
    const shape = [n, ...x.shape.slice(1)];
    return x.tokens ? { shape, tokens: { ...x.tokens, frames: 1, cls: 'shared' } } : { shape };
  },
};

export const consensus: SurfaceOp = {
  name: 'consensus',
  tokens: 'own',
  hasParams: false,
  args: [],
  apply(call) {
    const x = call.input;
    if (x.tokens && x.tokens.cls !== 'per_frame') {
      return void call.report(WrongTokenLayout, { op: 'consensus', expected: 'patch tokens with a cls token in each frame', found: describeTokens(x.tokens) });
    }
    if (x.time?.form !== 'merged') return void call.report(NoTimeAxis, { op: 'consensus', shape: shapeToString(x.shape) });
    return call.emit('consensus', { frames: x.time.length });
  },
};

/**
 * The uint8 shift (compiler/emit/lower/shift-uint8.ts) on a value whose zero point is not 0 (a signed
 * range): frames shifted in from outside the clip are the zero point, i.e. exactly 0.0 once dequantized;
 * every other value moves unchanged. Both directions, both targets (the QDQ depthwise convolution with one-hot
 * taps as written, and as onnxruntime fuses it into a QLinearConv).
 */
import { describe, expect, it } from 'vitest';
import { emitModel } from '../../compiler/emit/emit.js';
import { encodeModel } from '../../compiler/emit/proto.js';
import type { Target } from '../../compiler/emit/lower/context.js';
import { tableSource } from '../../compiler/optimize.js';
import { withProbes } from '../../compiler/quantize/probes.js';
import { applyInt8 } from '../../compiler/quantize/quantize.js';
import { GraphMaker, param, randomTensor, runModel, checkWithOnnx, hasPythonOnnx } from '../emit/helpers.js';

const T = 4;
const C = 16;

/** x -> conv (no relu: signed) -> shift -> conv -> consensus -> y, on [2*T, C, 3, 3] frames. */
function graph(direction: 'both' | 'past') {
  const g = new GraphMaker();
  const time = { length: T, form: 'merged' as const, axis: 0 };
  const shape = [2 * T, C, 3, 3];
  g.value('x', shape, 'f32', { time });
  const conv = { spatialDims: 2 as const, outChannels: C, kernel: [1, 1], stride: [1, 1], pads: [0, 0, 0, 0], dilation: [1, 1], groups: 1 };
  g.node('conv', 'a', ['x'], { id: 'a', shape, time }, conv, { weight: param('a.weight', [C, C, 1, 1]) });
  g.node('shift', 'shift', ['a'], { id: 's', shape, time }, { frames: T, foldChannels: 2, direction });
  g.node('conv', 'b', ['s'], { id: 'b', shape, time }, conv, { weight: param('b.weight', [C, C, 1, 1]) });
  g.node('consensus', 'consensus', ['b'], { id: 'y', shape: [2, C, 3, 3] }, { frames: T });
  return g.build('shift_net', ['x'], ['y']);
}

function weights(): Map<string, Float32Array> {
  return new Map([
    ['a.weight', randomTensor([C, C, 1, 1], 3).data],
    ['b.weight', randomTensor([C, C, 1, 1], 4).data],
  ]);
}

describe('shift on uint8 data', () => {
  for (const direction of ['both', 'past'] as const) {
    for (const target of ['portable', 'ort-cpu'] as Target[]) {
      it(`${direction}, ${target}: moves the official groups, the zero point outside the clip`, async () => {
        const ranges = new Map(['x', 'a', 's', 'b'].map((id) => [id, { lo: -3, hi: 5 }]));
        const int8 = applyInt8({ graph: graph(direction), weights: weights() }, ranges, [], { target }, () => {});
        const zero = int8.module.graph.values['a']?.quant?.zeroPoint;
        expect(zero).toBeGreaterThan(0);
        expect(int8.plan.decisions.get('shift')).toMatchObject({ int8: true });
        const emitted = emitModel(withProbes(int8.module.graph, ['a', 's']), { target, weights: tableSource(int8.module.weights) });
        const bytes = encodeModel(emitted.model!);
        if (target === 'portable' && hasPythonOnnx()) expect(checkWithOnnx(bytes)).toBe('');
        const out = await runModel(bytes, { x: randomTensor([2 * T, C, 3, 3], 7) });
        const a = out['probe:a']?.data as Float32Array;
        const s = out['probe:s']?.data as Float32Array;
        const fold = 2;
        const plane = 9;
        for (let n = 0; n < 2; n++) {
          for (let t = 0; t < T; t++) {
            for (let c = 0; c < C; c++) {
              const from = c < fold ? (direction === 'both' ? t + 1 : t - 1) : c < 2 * fold && direction === 'both' ? t - 1 : t;
              const at = ((n * T + t) * C + c) * plane;
              const expected =
                from < 0 || from >= T ? new Float32Array(plane) : a.subarray(((n * T + from) * C + c) * plane, ((n * T + from) * C + c + 1) * plane);
              expect(Array.from(s.subarray(at, at + plane))).toEqual(Array.from(expected));
            }
          }
        }
      });
    }
  }
});

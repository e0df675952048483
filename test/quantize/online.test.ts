/**
 * An int8 online model against the int8 offline model it streams (the same calibration): frame by frame,
 * every uint8 cache holds the offline model's shifted channels of that frame within one quantization
 * step, and the logits agree; a stream starts from caches at the zero point (0.0), which the streaming
 * core fills in from the contract.
 */
import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { compileFile, type CompileFileOptions } from '../../compiler/compile.js';
import { emitModel } from '../../compiler/emit/emit.js';
import { encodeModel } from '../../compiler/emit/proto.js';
import { tableSource } from '../../compiler/optimize.js';
import { withProbes } from '../../compiler/quantize/probes.js';
import type { ClipSet } from '../../compiler/quantize/clips.js';
import { readContract, readModelMetadata } from '../../contract/index.js';
import { loadOrt, type OrtTensor } from '../../ort/ort.js';
import { openStream } from '../../runtime/stream.js';
import { randomTensor } from '../emit/helpers.js';
import { ROOT } from './helpers.js';

const ort = await loadOrt();

const T = 8;
const S = 32;
const VNET = path.join(ROOT, 'examples/tsm_mobilenetv2_online.vnet');
const calibration: ClipSet = {
  names: ['a', 'b', 'c'],
  clips: [1, 2, 3].map((seed) => ({ data: randomTensor([1, T, 3, S, S], seed).data, dims: [1, T, 3, S, S] })),
};

function compile(online: boolean): ReturnType<typeof compileFile> {
  const options: CompileFileOptions = {
    sets: { SIZE: String(S), CLASSES: '27' },
    precision: 'int8',
    calibrate: { load: async () => calibration, source: 'random', method: 'percentile', keepFloat: [] },
    ...(online ? { online: true } : {}),
  };
  return compileFile(VNET, options);
}

describe('int8 online model', () => {
  it('equals the int8 offline model frame by frame: caches within one quantization step, logits close', async () => {
    const [offline, online] = [await compile(false), await compile(true)];
    expect(online.diagnostics).toEqual([]);
    const contract = readContract(readModelMetadata(online.bytes as Uint8Array));
    if (!contract.ok) throw new Error(contract.error);
    const caches = contract.value.caches ?? [];
    expect(caches.length).toBe(10);
    expect(caches.every((c) => c.quant?.dtype === 'uint8' && c.quant.layout === 'nhwc')).toBe(true);
    expect(caches.some((c) => (c.quant?.zeroPoint ?? 0) > 0)).toBe(true);

    // The offline int8 model, returning its per-frame logits and the input of every shift.
    const module = offline.int8?.module;
    if (!module) throw new Error('no int8 module');
    const shifts = module.graph.nodes.filter((n) => n.op === 'shift');
    const fc = module.graph.nodes.find((n) => n.op === 'linear')?.outputs[0] as string;
    const probed = emitModel(withProbes(module.graph, [fc, ...shifts.map((n) => n.inputs[0] as string)]), {
      target: 'portable',
      weights: tableSource(module.weights),
    });
    const clip = randomTensor([1, T, 3, S, S], 9).data;
    const session = await ort.InferenceSession.create(encodeModel(probed.model!));
    const reference = await session.run({ clip: new ort.Tensor('float32', clip, [1, T, 3, S, S]) });
    await session.release();

    const net = await ort.InferenceSession.create(online.bytes as Uint8Array);
    const stream = await openStream(online.bytes as Uint8Array);
    const state: Record<string, OrtTensor> = {};
    for (const c of caches) {
      const meta = net.inputMetadata.find((m) => m.name === c.input) as unknown as { shape: readonly (number | string)[] };
      const dims = meta.shape.map((d) => (typeof d === 'number' ? d : 1));
      state[c.input] = new ort.Tensor('uint8', new Uint8Array(dims.reduce((a, b) => a * b, 1)).fill(c.quant?.zeroPoint ?? 0), dims);
    }
    const frameSize = 3 * S * S;
    const logits = reference[`probe:${fc}`]?.data as Float32Array;
    const classes = logits.length / T;
    for (let t = 0; t < T; t++) {
      const frame = clip.slice(t * frameSize, (t + 1) * frameSize);
      const out = await net.run({ clip: new ort.Tensor('float32', frame, [1, 3, S, S]), ...state });
      const streamed = (await stream.push(frame)).logits;
      const own = out['output']?.data as Float32Array;
      // The streaming core starts from the zero point, as this loop does: the same numbers.
      expect(Array.from(streamed)).toEqual(Array.from(own));
      const expected = logits.subarray(t * classes, (t + 1) * classes);
      const scale = Math.max(...expected.map(Math.abs));
      expect(Math.max(...own.map((v, i) => Math.abs(v - (expected[i] as number))))).toBeLessThan(1e-3 * scale);
      caches.forEach((c, k) => {
        const shift = shifts[k];
        const x = reference[`probe:${shift?.inputs[0]}`];
        const next = out[c.output];
        if (shift?.op !== 'shift' || !x || !next || !c.quant) throw new Error('missing cache');
        const [, C, H, W] = x.dims as number[];
        const fold = shift.attrs.foldChannels;
        const values = next.data as Uint8Array;
        let worst = 0;
        for (let y = 0; y < (H as number); y++) {
          for (let xx = 0; xx < (W as number); xx++) {
            for (let ch = 0; ch < fold; ch++) {
              const offlineValue = (x.data as Float32Array)[((t * (C as number) + ch) * (H as number) + y) * (W as number) + xx] as number;
              const cached = c.quant.scale * ((values[(y * (W as number) + xx) * fold + ch] as number) - c.quant.zeroPoint);
              worst = Math.max(worst, Math.abs(cached - offlineValue) / c.quant.scale);
            }
          }
        }
        expect(worst, `${c.output} at frame ${t}`).toBeLessThanOrEqual(1.0001);
        state[c.input] = next;
      });
    }
    await net.release();
    await stream.release();
  });
});

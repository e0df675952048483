/**
 * Opt-in: the full-size examples with checkpoints as the official code saves them (official TSM
 * ResNet-50 in the legacy format, official TimeSformer-Base .pyth, the TSM online demo's MobileNetV2
 * .pth.tar with 27 classes), each compiled with plain --weights and compared with the official-structure
 * module's output. The checkpoints (~0.9 GB) are generated, never committed; about 3 minutes on 2 cores:
 *
 *   /usr/bin/python3 refs/make_checkpoint_fixtures.py --full tmp/checkpoints
 *   VNET_CHECKPOINT_FIXTURES=tmp/checkpoints npx vitest run test/weights/full-size-checkpoints.test.ts
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStream } from '../../runtime/stream.js';
import { EXAMPLES, ROOT, compileFile, errorsAndWarnings, loadNpy, maxScaledError, runCpu } from '../conformance/harness.js';

const DIR = process.env.VNET_CHECKPOINT_FIXTURES ? path.resolve(ROOT, process.env.VNET_CHECKPOINT_FIXTURES) : undefined;
const at = (...parts: string[]): string => path.join(DIR as string, ...parts);

describe.skipIf(DIR === undefined)('full-size official checkpoints (VNET_CHECKPOINT_FIXTURES)', () => {
  for (const [name, file] of [
    ['tsm_resnet50', 'TSM_kinetics_RGB_resnet50_shift8_blockres_avg_segment8_e50.pth'],
    ['timesformer_base', 'TimeSformer_divST_8x32_224_K400.pyth'],
  ] as const) {
    it(`examples/${name}.vnet --weights ${file}`, async () => {
      const result = await compileFile(path.join(EXAMPLES, `${name}.vnet`), { weights: at(file), target: 'ort-cpu' });
      expect(errorsAndWarnings(result.diagnostics)).toEqual([]);
      const out = await runCpu(result.bytes as Uint8Array, [await loadNpy(at(name, 'input.npy'))]);
      const expected = await loadNpy(at(name, 'expected.npy'));
      expect(out.dims).toEqual(expected.dims);
      expect(maxScaledError(out.data, expected.data)).toBeLessThanOrEqual(1e-4);
    }, 600_000);
  }

  it('examples/tsm_mobilenetv2_online.vnet --online --set CLASSES=27 --weights mobilenetv2_jester_online.pth.tar, frame by frame', async () => {
    const result = await compileFile(path.join(EXAMPLES, 'tsm_mobilenetv2_online.vnet'), {
      weights: at('mobilenetv2_jester_online.pth.tar'),
      sets: { CLASSES: '27' },
      target: 'ort-cpu',
      online: true,
    });
    expect(errorsAndWarnings(result.diagnostics)).toEqual([]);
    const input = await loadNpy(at('tsm_mobilenetv2_online', 'input.npy'));
    const frames = await loadNpy(at('tsm_mobilenetv2_online', 'expected_frames.npy'));
    const t = input.dims[1] as number;
    const stream = await openStream(result.bytes as Uint8Array, { providers: ['cpu'], window: t });
    try {
      expect(stream.caches.length).toBe(10);
      const frameSize = input.data.length / t;
      for (let f = 0; f < t; f++) {
        const step = await stream.push(input.data.slice(f * frameSize, (f + 1) * frameSize));
        expect(maxScaledError(step.logits, frames.data.slice(f * 27, (f + 1) * 27))).toBeLessThanOrEqual(1e-4);
      }
    } finally {
      await stream.release();
    }
  }, 600_000);
});

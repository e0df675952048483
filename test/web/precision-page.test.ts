/**
 * The page of `vnetc web` with an int8 and an fp16 online model (tsm_mobilenetv2_online, small): the site
 * is written, and a clip streamed in headless Chromium (onnxruntime-web wasm) gives, frame by frame, the
 * logits of onnxruntime-node's stream of the same model: the int8 model's uint8 caches start at their zero
 * point in the page as in node, the fp16 model keeps float32 at its boundary. The int8 kernels of wasm and
 * node may round one step apart, so the int8 comparison allows a few quantization steps of the logits.
 * Skipped, saying so, only when Chromium is not installed.
 */
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFile, type CompileFileOptions } from '../../compiler/compile.js';
import type { ClipSet } from '../../compiler/quantize/clips.js';
import { writeSite } from '../../web/site/write-site.js';
import { TOLERANCE, scaledMaxDiff } from '../passes/helpers.js';
import { openSite } from './browser.js';
import { chromium, movingClip, nodeStream, removeTempDirs, tempDir, writeNpy } from './helpers.js';

const browser = chromium();
if (browser.skip) console.warn(browser.skip);
const VNET = path.resolve(import.meta.dirname, '../../examples/tsm_mobilenetv2_online.vnet');
const S = 32;
const FRAMES = 5;
const frameSize = 3 * S * S;

const calibration: ClipSet = {
  names: ['a', 'b'],
  clips: [0, 1].map((k) => ({ data: movingClip(8 + k, S).subarray(k * frameSize), dims: [1, 8, 3, S, S] })),
};

const cases: [string, Partial<CompileFileOptions>, number][] = [
  ['int8', { precision: 'int8', calibrate: { load: async () => calibration, source: 'moving', method: 'minmax', keepFloat: [] } }, 0.05],
  ['fp16', { precision: 'fp16' }, TOLERANCE],
];

describe.skipIf(browser.path === undefined)('the page with int8 and fp16 models', () => {
  afterAll(() => removeTempDirs());

  for (const [precision, options, tolerance] of cases) {
    it(`${precision}: streams a clip frame by frame as onnxruntime-node does`, async () => {
      const compiled = await compileFile(VNET, { sets: { SIZE: String(S), CLASSES: '27' }, online: true, target: 'web', ...options });
      expect(compiled.diagnostics).toEqual([]);
      const model = compiled.bytes as Uint8Array;
      const clip = movingClip(FRAMES, S);
      const [dir, clipDir] = [tempDir(), tempDir()];
      writeNpy(path.join(clipDir, 'clip.npy'), [FRAMES, 3, S, S], clip);
      await writeSite({ model, shown: `${precision}.onnx`, outDir: dir, clips: [path.join(clipDir, 'clip.npy')] });
      const open = await openSite(dir, browser.path as string);
      try {
        const { page, errors } = await open.open('?clip=clip.npy');
        await page.evaluate(() => window.vnetDone);
        const got = (await page.evaluate(() => window.vnetFrames)) as number[][];
        const expected = await nodeStream(model, clip, FRAMES);
        expect(got.length).toBe(FRAMES);
        got.forEach((logits, f) => expect(scaledMaxDiff(Float32Array.from(logits), expected[f] as Float32Array), `frame ${f}`).toBeLessThanOrEqual(tolerance));
        // The caches carry: the last two frames' logits differ.
        expect(scaledMaxDiff(expected[3] as Float32Array, expected[4] as Float32Array)).toBeGreaterThan(1e-3);
        expect(errors).toEqual([]);
      } finally {
        await open.close();
      }
    }, 180_000);
  }
});

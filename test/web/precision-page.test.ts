/**
 * The page of `vnetc web` with an int8 and an fp16 online model (the page test's small network, compiled
 * by compileFile from a checkpoint of lively weights, so its logits follow the frames): the site is
 * written, and a clip streamed in headless Chromium (onnxruntime-web wasm) gives, frame by frame, the
 * logits of onnxruntime-node's stream of the same model: the int8 model's uint8 caches start at their zero
 * point in the page as in node, the fp16 model keeps float32 at its boundary; both within 1e-4 * max(1, max |node|)
 * (the int8 one, measured, exactly).
 * Skipped, saying so, only when Chromium is not installed.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFile, type CompileFileOptions } from '../../compiler/compile.js';
import type { ClipSet } from '../../compiler/quantize/clips.js';
import { graphParams } from '../../compiler/weights/params.js';
import { writeSite } from '../../web/site/write-site.js';
import { safetensors } from '../hostile/onnx-files.js';
import { TOLERANCE, graphOf, livelyWeights, scaledMaxDiff } from '../passes/helpers.js';
import { openSite } from './browser.js';
import { SMALL_ONLINE, chromium, movingClip, nodeStream, removeTempDirs, tempDir, writeNpy } from './helpers.js';

const browser = chromium();
if (browser.skip) console.warn(browser.skip);
const S = 16;
const T = 4;
const FRAMES = 6;
const frameSize = 3 * S * S;

const calibration: ClipSet = {
  names: ['a', 'b'],
  clips: [0, 1].map((k) => ({ data: movingClip(T + k, S).subarray(k * frameSize), dims: [1, T, 3, S, S] })),
};

const cases: [string, Partial<CompileFileOptions>][] = [
  ['int8', { precision: 'int8', calibrate: { load: async () => calibration, source: 'moving', method: 'minmax', keepFloat: [] } }],
  ['fp16', { precision: 'fp16' }],
];

describe.skipIf(browser.path === undefined)('the page with int8 and fp16 models', () => {
  let vnet = '';
  let weights = '';
  beforeAll(() => {
    const dir = tempDir();
    [vnet, weights] = [path.join(dir, 'small.vnet'), path.join(dir, 'small.safetensors')];
    writeFileSync(vnet, SMALL_ONLINE);
    const lively = livelyWeights(4);
    const params = graphParams(graphOf(SMALL_ONLINE));
    writeFileSync(weights, safetensors(Object.fromEntries(params.map((p) => [p.name, { dims: [...p.shape], data: Array.from(lively.tensor(p)) }]))));
  });
  afterAll(() => removeTempDirs());

  for (const [precision, options] of cases) {
    it(`${precision}: streams a clip frame by frame as onnxruntime-node does`, async () => {
      const compiled = await compileFile(vnet, { weights, online: true, target: 'web', ...options });
      expect(compiled.diagnostics).toEqual([]);
      const model = compiled.bytes as Uint8Array;
      const clip = movingClip(FRAMES, S);
      const [dir, clipDir] = [tempDir(), tempDir()];
      writeNpy(path.join(clipDir, 'clip.npy'), [FRAMES, 3, S, S], clip);
      await writeSite({ model, shown: `${precision}.onnx`, outDir: dir, clips: [path.join(clipDir, 'clip.npy')] });
      const open = await openSite(dir, browser.path as string);
      try {
        const { page, errors } = await open.open('?clip=clip.npy');
        await page.waitForFunction(() => window.vnetFrames !== undefined || document.getElementById('status')?.textContent?.startsWith('stopped'), {
          timeout: 60_000,
        });
        await page.evaluate(() => window.vnetDone);
        const got = (await page.evaluate(() => window.vnetFrames)) as number[][];
        const expected = await nodeStream(model, clip, FRAMES);
        expect(got.length).toBe(FRAMES);
        got.forEach((logits, f) => expect(scaledMaxDiff(Float32Array.from(logits), expected[f] as Float32Array), `frame ${f}`).toBeLessThanOrEqual(TOLERANCE));
        // The logits follow the frames (and the caches carry them): the last two frames' logits differ.
        expect(scaledMaxDiff(expected[4] as Float32Array, expected[5] as Float32Array)).toBeGreaterThan(1e-2);
        expect(errors).toEqual([]);
      } finally {
        await open.close();
      }
    }, 180_000);
  }
});

/**
 * Opt-in: the full-size examples (8 frames of 224x224) against PyTorch, with torchvision's random
 * init and randomized BatchNorm statistics. Too slow and too large (~400 MB of fixtures) for every run:
 *
 *   /usr/bin/python3 refs/make_conformance_fixtures.py --full tmp/full
 *   VNET_FULL_FIXTURES=tmp/full npx vitest run test/conformance/full-size.test.ts
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStream } from '../../runtime/stream.js';
import { EXAMPLES, ROOT, compileFile, errorsAndWarnings, loadNpy, maxScaledError, runCpu } from './harness.js';

const DIR = process.env.VNET_FULL_FIXTURES ? path.resolve(ROOT, process.env.VNET_FULL_FIXTURES) : undefined;
const NETWORKS = ['tsn_resnet50', 'tsm_resnet50', 'tsm_resnet50_inplace', 'tsm_resnet50_online', 'tsm_mobilenetv2_online'];
const CONFIGS = [
  { target: 'portable', level: 0 },
  { target: 'portable', level: 2 },
  { target: 'ort-cpu', level: 0 },
  { target: 'ort-cpu', level: 2 },
] as const;
/** Online examples -> caches: one per past-only shift (16 bottlenecks; 10 residual inverted residuals). */
const ONLINE = [
  ['tsm_resnet50_online', 16],
  ['tsm_mobilenetv2_online', 10],
] as const;

describe.skipIf(DIR === undefined)('full-size examples match PyTorch (VNET_FULL_FIXTURES)', () => {
  for (const name of NETWORKS) {
    for (const { target, level } of CONFIGS) {
      it(`${name} (${target} -O${level})`, async () => {
        const dir = path.join(DIR as string, name);
        if (!existsSync(dir)) throw new Error(`${dir} is missing: run refs/make_conformance_fixtures.py --full`);
        const result = await compileFile(path.join(EXAMPLES, `${name}.vnet`), {
          weights: path.join(dir, 'weights.safetensors'),
          target,
          level,
        });
        expect(errorsAndWarnings(result.diagnostics)).toEqual([]);
        const input = await loadNpy(path.join(dir, 'input.npy'));
        const expected = await loadNpy(path.join(dir, 'expected.npy'));
        const out = await runCpu(result.bytes as Uint8Array, [input]);
        expect(out.dims).toEqual(expected.dims);
        expect(maxScaledError(out.data, expected.data)).toBeLessThanOrEqual(1e-4);
      }, 600_000);
    }
  }

  for (const [name, caches] of ONLINE) {
    it(`${name} streamed frame by frame (--online)`, async () => {
      const dir = path.join(DIR as string, name);
      const result = await compileFile(path.join(EXAMPLES, `${name}.vnet`), {
        weights: path.join(dir, 'weights.safetensors'),
        target: 'ort-cpu',
        online: true,
      });
      expect(errorsAndWarnings(result.diagnostics)).toEqual([]);
      const input = await loadNpy(path.join(dir, 'input.npy'));
      const frames = await loadNpy(path.join(dir, 'expected_frames.npy'));
      const [, t = 0] = input.dims;
      const stream = await openStream(result.bytes as Uint8Array, { providers: ['cpu'], window: t });
      try {
        expect(stream.caches.length).toBe(caches);
        const frameSize = input.data.length / t;
        const classes = frames.data.length / t;
        for (let f = 0; f < t; f++) {
          const step = await stream.push(input.data.slice(f * frameSize, (f + 1) * frameSize));
          expect(maxScaledError(step.logits, frames.data.slice(f * classes, (f + 1) * classes))).toBeLessThanOrEqual(1e-4);
        }
      } finally {
        await stream.release();
      }
    }, 600_000);
  }
});

/**
 * Online TSM: a network with only past-only shifts, compiled for streaming (one frame in, the shifted
 * channels of each block cached between frames), must give, frame by frame, the per-frame logits of the
 * offline past-shift network (refs/tsm.py, expected_frames.npy), and their mean over the clip.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStream } from '../../runtime/stream.js';
import { CONFORMANCE, compileFile, errorsAndWarnings, loadNpy, maxScaledError } from './harness.js';

/** Fixture -> number of past-only shifts, hence of caches: every bottleneck; the residual inverted residuals. */
const ONLINE_FIXTURES = [
  ['tsm_tiny_online', 4],
  ['tsm_tiny_mobilenetv2', 2],
] as const;

describe('online (streaming) TSM matches the offline past-only shift', () => {
  for (const [name, caches] of ONLINE_FIXTURES) {
    it(`${name}, frame by frame`, async () => {
      const dir = path.join(CONFORMANCE, name);
      const result = await compileFile(path.join(CONFORMANCE, `${name}.vnet`), {
        weights: path.join(dir, 'weights.safetensors'),
        target: 'ort-cpu',
        online: true,
      });
      expect(errorsAndWarnings(result.diagnostics)).toEqual([]);
      const input = await loadNpy(path.join(dir, 'input.npy'));
      const frames = await loadNpy(path.join(dir, 'expected_frames.npy'));
      const clips = await loadNpy(path.join(dir, 'expected.npy'));
      const [n = 0, t = 0] = input.dims;
      const stream = await openStream(result.bytes as Uint8Array, { providers: ['cpu'], window: t });
      try {
        expect(stream.caches.length).toBe(caches);
        const frameSize = input.data.length / (n * t);
        const classes = frames.data.length / (n * t);
        for (let clip = 0; clip < n; clip++) {
          stream.reset();
          let smoothed: Float32Array = new Float32Array();
          for (let f = 0; f < t; f++) {
            const at = clip * t + f;
            const step = await stream.push(input.data.slice(at * frameSize, (at + 1) * frameSize));
            expect(maxScaledError(step.logits, frames.data.slice(at * classes, (at + 1) * classes))).toBeLessThanOrEqual(1e-4);
            smoothed = step.smoothed;
          }
          expect(maxScaledError(smoothed, clips.data.slice(clip * classes, (clip + 1) * classes))).toBeLessThanOrEqual(1e-4);
        }
      } finally {
        await stream.release();
      }
    });
  }
});

/**
 * Streams as a batch: S clips pushed as the S rows of one online model's batch give, row by row, what
 * each clip gives streamed alone (within 1e-4 * max(1, max |alone|)); resetting one row starts that
 * row's video over and leaves the others as they were.
 */
import { describe, expect, it } from 'vitest';
import type { Target } from '../../compiler/emit/lower/context.js';
import { openStream } from '../../runtime/stream.js';
import type { OptLevel } from '../../compiler/passes/pipeline.js';
import { TOLERANCE, build, graphOf, livelyWeights, onlineOf, scaledMaxDiff, seededInput } from '../passes/helpers.js';
import { TWO_BLOCKS, streamAlone } from '../online/helpers.js';

const FRAMES = 4;
const FRAME = 3 * 8 * 8;

/**
 * Two residual blocks with past shifts around a strided conv, with lively weights: its logits follow
 * its input closely (a deep example network with seeded weights gives nearly the same logits for any
 * clip, which could not show rows mixing).
 */
function compiled(target: Target, level: OptLevel): Uint8Array {
  return build(onlineOf(graphOf(TWO_BLOCKS)).graph, { target, level, weights: livelyWeights(4) }).bytes;
}

/**
 * Three different clips: seeded noise averages out over a deep network, so each clip also gets its own
 * colour cast (a constant per channel) that survives to the logits.
 */
function clips(): Float32Array[] {
  const casts = [
    [0.8, -0.5, 0.2],
    [-0.6, 0.4, 0.9],
    [0.1, 0.7, -0.8],
  ];
  return casts.map((cast, c) => {
    const data = seededInput([FRAMES, 3, 8, 8], 5 + c).data;
    return data.map((v, i) => v + (cast[Math.floor(i / (8 * 8)) % 3] as number));
  });
}

/** Clip `c`'s frame `f` (three different clips). */
function frameOf(clips: readonly Float32Array[], c: number, f: number): Float32Array {
  return (clips[c] as Float32Array).subarray(f * FRAME, (f + 1) * FRAME);
}

function alone(bytes: Uint8Array, clip: Float32Array): Promise<Float32Array[]> {
  return streamAlone(bytes, clip, FRAMES, FRAME);
}

describe('S streams as the rows of one batch', () => {
  it.each([
    ['portable', 0],
    ['portable', 2],
    ['ort-cpu', 2],
  ] as const)(
    'three clips interleaved as one batch equal each alone (%s, -O%i)',
    async (target, level) => {
      const bytes = compiled(target, level);
      const clipped = clips();
      const expected = await Promise.all(clipped.map((clip) => alone(bytes, clip)));
      const batch = await openStream(bytes, { providers: ['cpu'], threads: 1, streams: 3 });
      try {
        expect(batch.frameShape).toEqual([3, 3, 8, 8]);
        for (let f = 0; f < FRAMES; f++) {
          const frame = new Float32Array(3 * FRAME);
          for (let c = 0; c < 3; c++) frame.set(frameOf(clipped, c, f), c * FRAME);
          const step = await batch.push(frame);
          step.rows.forEach((row, c) => {
            const want = expected[c]?.[f] as Float32Array;
            expect(scaledMaxDiff(row.logits, want), `row ${c} frame ${f}`).toBeLessThanOrEqual(TOLERANCE);
          });
        }
        // The clips differ, so rows that mixed could not all match.
        expect(scaledMaxDiff(expected[0]?.[3] as Float32Array, expected[1]?.[3] as Float32Array)).toBeGreaterThan(1e-2);
      } finally {
        await batch.release();
      }
    },
    120_000,
  );

  it('resetting one row starts its video over and leaves the others going', async () => {
    const bytes = compiled('ort-cpu', 2);
    const clipped = clips();
    const expected = await Promise.all(clipped.map((clip) => alone(bytes, clip)));
    const batch = await openStream(bytes, { providers: ['cpu'], threads: 1, streams: 2, window: 2 });
    try {
      // Row 0 plays clip 0 throughout; row 1 plays clip 1 for two frames, is reset, then plays clip 2.
      const step = async (f: number, second: Float32Array) => {
        const frame = new Float32Array(2 * FRAME);
        frame.set(frameOf(clipped, 0, f), 0);
        frame.set(second, FRAME);
        return batch.push(frame);
      };
      await step(0, frameOf(clipped, 1, 0));
      await step(1, frameOf(clipped, 1, 1));
      batch.reset(1);
      const a = await step(2, frameOf(clipped, 2, 0));
      const b = await step(3, frameOf(clipped, 2, 1));
      expect(scaledMaxDiff(a.rows[0]?.logits as Float32Array, expected[0]?.[2] as Float32Array)).toBeLessThanOrEqual(TOLERANCE);
      expect(scaledMaxDiff(b.rows[0]?.logits as Float32Array, expected[0]?.[3] as Float32Array)).toBeLessThanOrEqual(TOLERANCE);
      expect(scaledMaxDiff(a.rows[1]?.logits as Float32Array, expected[2]?.[0] as Float32Array)).toBeLessThanOrEqual(TOLERANCE);
      expect(scaledMaxDiff(b.rows[1]?.logits as Float32Array, expected[2]?.[1] as Float32Array)).toBeLessThanOrEqual(TOLERANCE);
      // Row 1's average forgot clip 1: after two frames of clip 2 it is their mean.
      const mean = (expected[2]![0] as Float32Array).map((v, k) => (v + ((expected[2]![1] as Float32Array)[k] as number)) / 2);
      expect(scaledMaxDiff(b.rows[1]?.smoothed as Float32Array, mean)).toBeLessThanOrEqual(TOLERANCE);
    } finally {
      await batch.release();
    }
  }, 120_000);
});

/**
 * Streaming equals offline: a network of past-only shifts compiled online and fed one frame at a time
 * through runtime/stream.ts gives, at every frame, the per-frame logits of the same network run
 * offline on the whole clip (its variant ending in `unframes` instead of `consensus`), within
 * 1e-4 * max(1, max |offline|); at -O0 and at -O2 (fuse-shift-conv reading the caches in place).
 * After the last frame the stream's moving average (window T) is the offline consensus.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkText } from '../../compiler/check/check-program.js';
import { compileFile } from '../../compiler/compile.js';
import type { Target } from '../../compiler/emit/lower/context.js';
import type { IRGraph } from '../../compiler/ir/graph.js';
import type { OptLevel } from '../../compiler/passes/pipeline.js';
import type { WeightSource } from '../../compiler/weights/source.js';
import { openStream } from '../../runtime/stream.js';
import { EXAMPLES } from '../conformance/harness.js';
import {
  TOLERANCE,
  build,
  cachedWeights,
  describeDiagnostics,
  graphOf,
  livelyWeights,
  onlineOf,
  runFirst,
  scaledMaxDiff,
  seededInput,
  type Tensor,
} from '../passes/helpers.js';
import { randomProgram } from '../passes/random-program.js';
import { TWO_BLOCKS, perFrameVariant, removeTempFiles, writeVnet } from './helpers.js';

afterAll(removeTempFiles);

const BUILDS: readonly { level: OptLevel; target: Target }[] = [
  { level: 0, target: 'ort-cpu' },
  { level: 2, target: 'ort-cpu' },
  { level: 2, target: 'portable' },
];

/** Pushes the clip (batch 1) frame by frame; returns the per-frame logits and the final moving average. */
async function stream(bytes: Uint8Array, clip: Tensor, caches: number): Promise<{ frames: Float32Array[]; smoothed: Float32Array }> {
  const [, t = 0] = clip.dims;
  const s = await openStream(bytes, { providers: ['cpu'], threads: 1, window: t });
  try {
    expect(s.caches.length).toBe(caches);
    const size = clip.data.length / t;
    const frames: Float32Array[] = [];
    let smoothed: Float32Array = new Float32Array();
    for (let f = 0; f < t; f++) {
      const step = await s.push(clip.data.slice(f * size, (f + 1) * size));
      frames.push(step.logits);
      smoothed = step.smoothed;
    }
    return { frames, smoothed };
  } finally {
    await s.release();
  }
}

interface Case {
  /** The network ending in consensus (compiled online). */
  readonly online: IRGraph;
  /** The same network ending in unframes (the offline per-frame reference). */
  readonly perFrame: IRGraph;
  readonly clip: Tensor;
  readonly caches: number;
  readonly weights: WeightSource;
  /** Printed when a frame differs. */
  readonly shown: string;
}

async function expectStreamEqualsOffline(c: Case): Promise<void> {
  const [, t = 0] = c.clip.dims;
  const reference = await runFirst(build(c.perFrame, { target: 'portable', level: 0, weights: c.weights }).bytes, c.clip);
  const classes = reference.data.length / t;
  const online = onlineOf(c.online);
  expect(online.caches.length).toBe(c.caches);
  for (const { level, target } of BUILDS) {
    const { bytes } = build(online.graph, { target, level, weights: c.weights });
    const got = await stream(bytes, c.clip, c.caches);
    got.frames.forEach((logits, f) => {
      const expected = reference.data.slice(f * classes, (f + 1) * classes);
      expect(scaledMaxDiff(logits, expected), `-O${level} ${target}, frame ${f}${c.shown}`).toBeLessThanOrEqual(TOLERANCE);
    });
    const mean = new Float32Array(classes);
    for (let f = 0; f < t; f++) for (let k = 0; k < classes; k++) mean[k] = (mean[k] ?? 0) + (reference.data[f * classes + k] as number) / t;
    expect(scaledMaxDiff(got.smoothed, mean), `-O${level} ${target}, moving average${c.shown}`).toBeLessThanOrEqual(TOLERANCE);
  }
}

function exampleGraph(file: string, text: string, sets: Record<string, string>): IRGraph {
  const checked = checkText(file, text, { sets });
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  const graph = checked.graphs.at(-1);
  if (errors.length > 0 || !graph) throw new Error(describeDiagnostics(errors).join('\n'));
  return graph;
}

describe('streaming equals the offline past-only network, frame by frame', () => {
  it.each([
    ['tsm_mobilenetv2_online.vnet', 10],
    ['tsm_resnet50_online.vnet', 16],
  ] as const)(
    'examples/%s at T=3, 32x32',
    async (name, caches) => {
      const file = path.join(EXAMPLES, name);
      const text = readFileSync(file, 'utf8');
      const sets = { T: '3', SIZE: '32', CLASSES: '10' };
      await expectStreamEqualsOffline({
        online: exampleGraph(file, text, sets),
        perFrame: exampleGraph(file, perFrameVariant(text, 'CLASSES'), sets),
        clip: seededInput([1, 3, 3, 32, 32], 11),
        caches,
        weights: cachedWeights(livelyWeights(13)),
        shown: ` (${name})`,
      });
    },
    120_000,
  );

  it('two residual blocks around a strided conv', async () => {
    await expectStreamEqualsOffline({
      online: graphOf(TWO_BLOCKS),
      perFrame: graphOf(perFrameVariant(TWO_BLOCKS, '5')),
      clip: seededInput([1, 3, 3, 8, 8], 2),
      caches: 2,
      weights: livelyWeights(4),
      shown: `\n${TWO_BLOCKS}`,
    });
  });

  it('through compileFile({ online: true }) with the default seeded weights', async () => {
    const online = await compileFile(writeVnet(TWO_BLOCKS), { online: true, target: 'ort-cpu' });
    const offline = await compileFile(writeVnet(perFrameVariant(TWO_BLOCKS, '5')), { level: 0 });
    expect([...online.diagnostics, ...offline.diagnostics]).toEqual([]);
    const clip = seededInput([1, 3, 3, 8, 8], 9);
    const reference = await runFirst(offline.bytes as Uint8Array, clip);
    const got = await stream(online.bytes as Uint8Array, clip, 2);
    got.frames.forEach((logits, f) => expect(scaledMaxDiff(logits, reference.data.slice(f * 5, (f + 1) * 5))).toBeLessThanOrEqual(TOLERANCE));
  });

  it.each(Array.from({ length: Number(process.env.VNET_RANDOM_CASES ?? 10) }, (_, i) => 100 + i))('random past-only network, seed %i', async (seed) => {
    const program = randomProgram(seed, { pastOnly: true, batch: 1 });
    await expectStreamEqualsOffline({
      online: graphOf(program.text),
      perFrame: graphOf(program.perFrameText),
      clip: seededInput(program.input, seed),
      caches: program.shifts,
      weights: livelyWeights(seed),
      shown: `\n${program.text}`,
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';
import { openSession } from '../../runtime/session.js';
import { openStream } from '../../runtime/stream.js';
import type { OrtSession } from '../../ort/ort.js';
import { exportModel } from '../../serve/triton/export-model.js';
import type { ModelConfig } from '../../serve/triton/config.js';
import { DEFAULT_SERVE_OPTIONS } from '../../serve/triton/options.js';
import { TWO_BLOCKS, removeTempFiles, writeVnet } from '../online/helpers.js';
import { SequenceBatcherHarness } from './sequence-batcher.js';

const FRAME = 3 * 8 * 8;
let modelBytes: Uint8Array;
let config: ModelConfig;
let session: OrtSession;

/** Deterministic frames: stream `seed`, frame `t`. */
function frame(seed: number, t: number): Float32Array {
  return Float32Array.from({ length: FRAME }, (_, i) => Math.sin(seed * 97.1 + t * 13.7 + i * 0.31));
}

/** Each stream alone, batch 1, through runtime/stream.ts (the reference): its logits frame by frame. */
async function alone(seed: number, frames: number): Promise<Float32Array[]> {
  const stream = await openStream(modelBytes);
  const out: Float32Array[] = [];
  for (let t = 0; t < frames; t++) out.push((await stream.push(frame(seed, t))).logits);
  await stream.release();
  return out;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] ?? Number.NaN))), 0);
}

beforeAll(async () => {
  const compiled = await compileFile(writeVnet(TWO_BLOCKS), { online: true });
  expect(compiled.diagnostics).toEqual([]);
  // The model and config exactly as the repository gets them.
  const exported = exportModel('net.onnx', compiled.bytes as Uint8Array, 'net', DEFAULT_SERVE_OPTIONS);
  if (!exported.ok) throw new Error(JSON.stringify(exported.error));
  config = exported.value.config;
  const file = exported.value.files.find((f) => f.path === '1/model.onnx');
  modelBytes = file && 'bytes' in file ? file.bytes : new Uint8Array();
  session = (await openSession(modelBytes)).session;
}, 60_000);
afterAll(async () => {
  await session?.release();
  removeTempFiles();
});

describe('sequence batching with implicit state (the exported config, on onnxruntime)', () => {
  it('the config holds one state per cache and the frame as the only input', () => {
    expect(config.input.map((i) => i.name)).toEqual(['clip']);
    expect(config.sequence_batching?.state.map((s) => [s.input_name, s.output_name, s.dims])).toEqual([
      ['layer.0.shift.cache', 'layer.0.shift.cache_next', [2, 8, 8]],
      ['layer.1.shift.cache', 'layer.1.shift.cache_next', [4, 4, 4]],
    ]);
  });

  it('3 streams interleaved as rows of one batch equal each stream alone (1e-4); a new sequence in a freed slot starts from zeros', async () => {
    const harness = new SequenceBatcherHarness(session, config);
    const seen = new Map<string, Float32Array[]>([
      ['A', []],
      ['B', []],
      ['C', []],
      ['D', []],
    ]);
    const lengths: Record<string, number> = { A: 7, B: 3, C: 6, D: 4 };
    const seeds: Record<string, number> = { A: 1, B: 2, C: 3, D: 4 };
    // B ends after 3 frames and D starts in its slot; the row order rotates every step.
    for (let step = 0; step < 7; step++) {
      const active = ['A', step < 3 ? 'B' : 'D', 'C'].filter((s) => (seen.get(s)?.length ?? 0) < (lengths[s] ?? 0));
      const order = active.map((_, i) => active[(i + step) % active.length] as string);
      const requests = order.map((s) => {
        const t = seen.get(s)?.length ?? 0;
        return { sequence: s, start: t === 0, frame: frame(seeds[s] ?? 0, t) };
      });
      const outputs = await harness.step(requests);
      for (const [s, logits] of outputs) seen.get(s)?.push(logits);
    }
    for (const s of ['A', 'B', 'C', 'D']) {
      const reference = await alone(seeds[s] ?? 0, lengths[s] ?? 0);
      const got = seen.get(s) ?? [];
      expect(got.length, s).toBe(lengths[s]);
      for (const [t, row] of got.entries()) expect(maxDiff(row, reference[t] as Float32Array), `${s} frame ${t}`).toBeLessThan(1e-4);
    }
  }, 60_000);

  it('state matters: continuing B with D frames (no START) differs from D alone, so the zeroing above was tested', async () => {
    const harness = new SequenceBatcherHarness(session, config);
    for (let t = 0; t < 3; t++) await harness.step([{ sequence: 'B', start: t === 0, frame: frame(2, t) }]);
    const carried = (await harness.step([{ sequence: 'B', start: false, frame: frame(4, 0) }])).get('B') as Float32Array;
    const [fresh] = await alone(4, 1);
    expect(maxDiff(carried, fresh as Float32Array)).toBeGreaterThan(1e-3);
  }, 60_000);
});

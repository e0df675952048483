/**
 * An online model laid out for onnxruntime's CPU (-O2, --target ort-cpu) keeps each cache of whole
 * channel blocks in the blocked NCHWc layout (compiler/emit/ort-cpu/blocked-caches.ts): no reorder
 * reads a cache or writes a new one. Streamed on onnxruntime, it gives each frame's logits of the
 * offline per-frame network (within 1e-4 * max(1, max |offline|)); S streams as rows equal each alone,
 * and resetting a row starts it from zeros, as in the plain layout.
 */
import { describe, expect, it } from 'vitest';
import { layOutForOrtCpu } from '../../compiler/emit/ort-cpu/nchwc-layout.js';
import { decodeModel, encodeModel } from '../../compiler/emit/proto.js';
import type { ExplainNote } from '../../compiler/passes/pass.js';
import { encodeCachePairs } from '../../contract/caches.js';
import { CONTRACT_KEYS } from '../../contract/keys.js';
import { NCHWC_DOMAIN, nchwcBlockSize } from '../../ort/nchwc-block.js';
import { openStream } from '../../runtime/stream.js';
import { TOLERANCE, build, graphOf, livelyWeights, onlineOf, runFirst, scaledMaxDiff, seededInput } from '../passes/helpers.js';
import { perFrameVariant, streamAlone } from './helpers.js';

/** Two residual blocks of 64 channels, each shifting 16 (whole blocks of 8 and of 16) from the past. */
const WIDE_BLOCKS = `const T = 4

block res(x: f32[B, C, H, W]) -> f32[B, C, H, W] {
  let y = x |> shift(fold=1/4, dir=past) |> conv2d(C, k=1) as conv |> batchnorm as bn
  return relu(x + y)
}

network net(clip: f32[N, T, 3, 6, 6]) -> f32[N, 5] {
  return clip
    |> frames
    |> conv2d(64, k=3, pad=1) as stem
    |> relu
    |> res as layer[0]
    |> res as layer[1]
    |> global_avgpool
    |> linear(5) as fc
    |> consensus
}
`;

const FRAMES = 4;
const FRAME = 3 * 6 * 6;
const WEIGHTS = livelyWeights(21);
const CACHES = ['layer.0.shift.cache', 'layer.1.shift.cache'];

async function laidOut(): Promise<{ bytes: Uint8Array; notes: ExplainNote[]; caches: string[] }> {
  const online = onlineOf(graphOf(WIDE_BLOCKS));
  const model = decodeModel(build(online.graph, { target: 'ort-cpu', level: 2, weights: WEIGHTS }).bytes);
  // The pairs compile.ts writes into the contract, which the layout reads.
  const pairs = { key: CONTRACT_KEYS.onlineCaches, value: encodeCachePairs(online.caches) };
  const notes: ExplainNote[] = [];
  const laid = await layOutForOrtCpu({ ...model, metadataProps: [...(model.metadataProps ?? []), pairs] }, new Map(), (n) => notes.push(n));
  return { bytes: encodeModel(laid.model), notes, caches: laid.caches };
}

/** Three clips, each with its own colour cast so that their logits differ. */
function clips(): Float32Array[] {
  return [
    [0.8, -0.5, 0.2],
    [-0.6, 0.4, 0.9],
    [0.1, 0.7, -0.8],
  ].map((cast, c) => seededInput([FRAMES, 3, 6, 6], 30 + c).data.map((v, i) => v + (cast[Math.floor(i / 36) % 3] as number)));
}

function alone(bytes: Uint8Array, clip: Float32Array): Promise<Float32Array[]> {
  return streamAlone(bytes, clip, FRAMES, FRAME);
}

const block = await nchwcBlockSize();

describe.skipIf(block === 0)(`online caches in onnxruntime's blocked layout (this CPU: blocks of ${block})`, () => {
  it('reads and writes every whole-block cache without a reorder, and says so', async () => {
    const { bytes, notes, caches } = await laidOut();
    expect(caches).toEqual(CACHES);
    expect(notes.filter((n) => n.site.endsWith('.cache')).map((n) => [n.site, n.fired, n.reason])).toEqual(
      CACHES.map((c) => [c, true, `cache kept in onnxruntime's blocked layout (NCHWc block ${block}): no reorders`]),
    );
    const model = decodeModel(bytes);
    const nodes = model.graph?.node ?? [];
    const reorders = nodes.filter((n) => n.domain === NCHWC_DOMAIN && n.opType?.startsWith('Reorder'));
    expect(reorders.filter((n) => (n.input ?? []).some((i) => CACHES.includes(i)))).toEqual([]);
    expect(reorders.filter((n) => (n.output ?? []).some((o) => o.endsWith('.cache_next')))).toEqual([]);
    // The new caches are written by the operators that compute them (no copy into the outputs).
    const writers = nodes.filter((n) => (n.output ?? []).some((o) => o.endsWith('.cache_next')));
    expect(writers).toHaveLength(2);
    expect(writers.filter((n) => n.opType === 'Identity')).toEqual([]);
  });

  it('streams the offline per-frame logits, frame by frame', async () => {
    const { bytes } = await laidOut();
    const offline = build(graphOf(perFrameVariant(WIDE_BLOCKS, '5')), { target: 'portable', level: 0, weights: WEIGHTS });
    for (const clip of clips()) {
      const reference = await runFirst(offline.bytes, { dims: [1, FRAMES, 3, 6, 6], data: clip });
      const got = await alone(bytes, clip);
      got.forEach((logits, f) => expect(scaledMaxDiff(logits, reference.data.slice(f * 5, (f + 1) * 5)), `frame ${f}`).toBeLessThanOrEqual(TOLERANCE));
    }
  });

  it('runs three clips as the rows of one batch, each as alone, and resets one row', async () => {
    const { bytes } = await laidOut();
    const clipped = clips();
    const expected = await Promise.all(clipped.map((clip) => alone(bytes, clip)));
    expect(scaledMaxDiff(expected[0]?.[3] as Float32Array, expected[1]?.[3] as Float32Array)).toBeGreaterThan(1e-2);
    const batch = await openStream(bytes, { providers: ['cpu'], threads: 1, streams: 3 });
    try {
      // Rows 0 and 1 play clips 0 and 1; row 2 plays clip 1 for two frames, is reset, then plays clip 2.
      for (let f = 0; f < FRAMES; f++) {
        if (f === 2) batch.reset(2);
        const third =
          f < 2 ? (clipped[1] as Float32Array).subarray(f * FRAME, (f + 1) * FRAME) : (clipped[2] as Float32Array).subarray((f - 2) * FRAME, (f - 1) * FRAME);
        const frame = new Float32Array(3 * FRAME);
        frame.set((clipped[0] as Float32Array).subarray(f * FRAME, (f + 1) * FRAME), 0);
        frame.set((clipped[1] as Float32Array).subarray(f * FRAME, (f + 1) * FRAME), FRAME);
        frame.set(third, 2 * FRAME);
        const step = await batch.push(frame);
        const want = [expected[0]?.[f], expected[1]?.[f], f < 2 ? expected[1]?.[f] : expected[2]?.[f - 2]] as Float32Array[];
        step.rows.forEach((row, r) => expect(scaledMaxDiff(row.logits, want[r] as Float32Array), `row ${r} frame ${f}`).toBeLessThanOrEqual(TOLERANCE));
      }
    } finally {
      await batch.release();
    }
  });
});

/**
 * The streaming core over an injected runtime (no onnxruntime at all): a model written in JS whose
 * logits are frame + cache and whose next cache is the frame, as plain {type, dims, data} tensors.
 * This is how the page and node use it: only the session and the tensor factory differ.
 */
import { describe, expect, it } from 'vitest';
import { type CoreSession, StreamCore, StreamError } from '../../streaming/index.js';

interface Plain {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: Float32Array | Uint8Array;
}

const plain = (data: Float32Array | Uint8Array, dims: readonly number[]): Plain => ({ type: data instanceof Uint8Array ? 'uint8' : 'float32', dims, data });

/** logits = frame + cache; cache_next = frame. Records every feed it was given. */
function previousFrameModel(seen: Plain[][] = []): CoreSession<Plain> {
  return {
    inputs: [
      { name: 'frame', type: 'float32', shape: ['N', 2] },
      { name: 'cache', type: 'float32', shape: ['N', 2] },
    ],
    outputNames: ['logits', 'cache_next'],
    run: async (feeds) => {
      const frame = feeds.frame as Plain;
      const cache = feeds.cache as Plain;
      seen.push([frame, cache]);
      return {
        logits: plain(
          frame.data.map((v, i) => v + (cache.data[i] as number)),
          frame.dims,
        ),
        cache_next: plain(Float32Array.from(frame.data), frame.dims),
      };
    },
  };
}

const metadata = new Map([['vnet.online.caches', '[{"input":"cache","output":"cache_next"}]']]);
const rows = (steps: readonly { logits: Float32Array }[]) => steps.map((s) => Array.from(s.logits));

describe('StreamCore', () => {
  it('feeds each output cache back as the next input, per row, starting from zeros', async () => {
    const seen: Plain[][] = [];
    const core = new StreamCore(previousFrameModel(seen), metadata, plain, { streams: 2 });
    expect(core.frameShape).toEqual([2, 2]);
    expect(rows(await core.push(Float32Array.of(1, 2, 10, 20)))).toEqual([
      [1, 2],
      [10, 20],
    ]);
    expect(rows(await core.push(Float32Array.of(3, 4, 30, 40)))).toEqual([
      [4, 6],
      [40, 60],
    ]);
    // the second run got the very tensor the first returned
    expect(Array.from(seen[1]?.[1]?.data ?? [])).toEqual([1, 2, 10, 20]);
    core.reset(0);
    expect(rows(await core.push(Float32Array.of(5, 5, 50, 50)))).toEqual([
      [5, 5],
      [80, 90],
    ]);
    expect([core.framesIn(0), core.framesIn(1)]).toEqual([1, 3]);
  });

  it('with preallocate, reads one set of caches while the runtime writes the other, then swaps', async () => {
    const fed: Plain[] = [];
    const inner = previousFrameModel();
    const writesIntoFetches: CoreSession<Plain> = {
      ...inner,
      run: async (feeds, fetches) => {
        fed.push(feeds.cache as Plain);
        const out = await inner.run(feeds);
        const target = fetches?.cache_next;
        if (!target) throw new Error('expected a preallocated cache output');
        target.data.set((out.cache_next as Plain).data);
        return { logits: out.logits as Plain, cache_next: target };
      },
    };
    const core = new StreamCore(writesIntoFetches, metadata, plain, { streams: 2, preallocate: true });
    expect(rows(await core.push(Float32Array.of(1, 2, 10, 20)))).toEqual([
      [1, 2],
      [10, 20],
    ]);
    expect(rows(await core.push(Float32Array.of(3, 4, 30, 40)))).toEqual([
      [4, 6],
      [40, 60],
    ]);
    core.reset(1);
    expect(rows(await core.push(Float32Array.of(5, 5, 50, 50)))).toEqual([
      [8, 9],
      [50, 50],
    ]);
    // Two cache tensors in all, alternating: nothing allocated per frame.
    expect(fed[2]).toBe(fed[0]);
    expect(fed[1]).not.toBe(fed[0]);
  });

  it('averages each row over its last `window` frames', async () => {
    const core = new StreamCore(previousFrameModel(), metadata, plain, { window: 2 });
    const smoothed: number[] = [];
    for (const x of [2, 4, 8]) smoothed.push((await core.push(Float32Array.of(x, 0)))[0]?.smoothed[0] ?? NaN);
    // logits 2, 6, 12: means of the last two
    expect(smoothed).toEqual([2, 4, 9]);
  });

  it('refuses what it cannot stream, with one-line reasons', async () => {
    const core = new StreamCore(previousFrameModel(), metadata, plain);
    await expect(core.push(Float32Array.of(1))).rejects.toThrow("frame has 1 values; 'frame' expects shape [1, 2] (2 values)");
    expect(() => core.reset(1)).toThrow('row must be 0..0, got 1');
    const fixed: CoreSession<Plain> = {
      ...previousFrameModel(),
      inputs: [
        { name: 'frame', shape: [1, 2] },
        { name: 'cache', shape: [1, 2] },
      ],
    };
    expect(() => new StreamCore(fixed, metadata, plain, { streams: 3 })).toThrow("'frame' has a fixed batch of 1; cannot stream 3 rows through it");
    const open: CoreSession<Plain> = {
      ...previousFrameModel(),
      inputs: [
        { name: 'frame', shape: ['N', 'C'] },
        { name: 'cache', shape: ['N', 2] },
      ],
    };
    expect(() => new StreamCore(open, metadata, plain)).toThrow(StreamError);
  });
});

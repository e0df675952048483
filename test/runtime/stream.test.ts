import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../../runtime/errors.js';
import { readModelMetadata } from '../../contract/read-metadata.js';
import { openStream } from '../../runtime/stream.js';
import { buildModel, identityClassifier, node, onlineModel, valueInfo } from './models.js';

const f = (...values: number[]): Float32Array => Float32Array.from(values);
const list = (a: Float32Array): number[] => Array.from(a);

describe('openStream', () => {
  it('pairs caches from the vnet.online.caches metadata', async () => {
    const stream = await openStream(onlineModel({ metadata: true }));
    expect(stream.frameInput).toBe('frame');
    expect(stream.logitsOutput).toBe('logits');
    expect(stream.caches).toEqual([
      { input: 'shift', output: 'newshift' },
      { input: 'total', output: 'newtotal' },
    ]);
    expect(stream.frameShape).toEqual([1, 3]);
  });

  it('pairs caches by order when the metadata is absent', async () => {
    const stream = await openStream(onlineModel({ metadata: false }));
    expect(stream.caches).toEqual([
      { input: 'shift', output: 'newshift' },
      { input: 'total', output: 'newtotal' },
    ]);
  });

  it('carries the caches from frame to frame, starting from zeros', async () => {
    // logits = frame + previous frame + sum of frames before this one
    const stream = await openStream(onlineModel({ metadata: true }));
    expect(list((await stream.push(f(1, 0, 0))).logits)).toEqual([1, 0, 0]);
    expect(list((await stream.push(f(0, 2, 0))).logits)).toEqual([2, 2, 0]);
    expect(list((await stream.push(f(0, 0, 4))).logits)).toEqual([1, 4, 4]);
    expect(stream.frames).toBe(3);
  });

  it('starts over after reset', async () => {
    const stream = await openStream(onlineModel({ metadata: false }));
    await stream.push(f(5, 5, 5));
    await stream.push(f(5, 5, 5));
    stream.reset();
    expect(stream.frames).toBe(0);
    const step = await stream.push(f(1, 2, 3));
    expect(list(step.logits)).toEqual([1, 2, 3]);
    expect(list(step.smoothed)).toEqual([1, 2, 3]);
  });

  it('smooths with a moving average over the last `window` frames', async () => {
    // shift and total are reset to zero each time, so logits are just the frame
    const stream = await openStream(onlineModel({ metadata: true }), { window: 2 });
    const smoothed: number[] = [];
    for (const x of [2, 4, 8, 16]) {
      stream.reset();
      const step = await stream.push(f(x, 0, 0));
      smoothed.push(step.smoothed[0] ?? NaN);
    }
    // reset also forgets the window
    expect(smoothed).toEqual([2, 4, 8, 16]);

    const windowed = await openStream(onlineModel({ metadata: true }), { window: 2 });
    const means: number[] = [];
    // logits[0]: 1, then 1+1+1=3, then 1+1+2=4, then 1+1+3=5
    for (let i = 0; i < 4; i++) means.push((await windowed.push(f(1, 0, 0))).smoothed[0] ?? NaN);
    expect(means).toEqual([1, 2, 3.5, 4.5]);
  });

  it('defaults to a window of 8', async () => {
    const stream = await openStream(onlineModel({ metadata: true }));
    expect(stream.window).toBe(8);
    // logits at step t (from 0) for a constant frame 1: 1 + (t > 0 ? 1 : 0) + t
    let last: Float32Array = new Float32Array();
    for (let t = 0; t < 10; t++) last = (await stream.push(f(1, 0, 0))).smoothed;
    const logits = Array.from({ length: 10 }, (_, t) => 1 + (t > 0 ? 1 : 0) + t).slice(2);
    expect(last[0]).toBeCloseTo(logits.reduce((a, b) => a + b, 0) / 8, 5);
  });

  it('refuses a frame of the wrong size, naming the expected shape', async () => {
    const stream = await openStream(onlineModel({ metadata: true }));
    await expect(stream.push(f(1, 2))).rejects.toThrow("frame has 2 values; 'frame' expects shape [1, 3] (3 values)");
  });

  it('refuses models whose caches do not pair up', async () => {
    await expect(openStream(identityClassifier(3))).resolves.toMatchObject({ caches: [] });
    const unpaired = buildModel({
      inputs: [valueInfo('frame', [1, 3]), valueInfo('cache', [1, 3])],
      outputs: [valueInfo('logits', [1, 3])],
      nodes: [node('Add', ['frame', 'cache'], ['logits'])],
    });
    const error = await openStream(unpaired).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as RuntimeError).message).toBe("cannot pair caches by order: 1 cache inputs but 0 cache outputs (and no 'vnet.online.caches' metadata)");
    const badJson = buildModel({
      inputs: [valueInfo('frame', [1, 3])],
      outputs: [valueInfo('logits', [1, 3])],
      nodes: [node('Identity', ['frame'], ['logits'])],
      metadata: { 'vnet.online.caches': '[{"input": 1}]' },
    });
    await expect(openStream(badJson)).rejects.toThrow(`metadata 'vnet.online.caches' must be a list of {"input": ..., "output": ...}`);
  });

  it('rejects a window that is not a positive integer', async () => {
    await expect(openStream(onlineModel({ metadata: true }), { window: 0 })).rejects.toThrow('window must be a positive integer, got 0');
  });
});

describe('readModelMetadata', () => {
  it('reads metadata_props without decoding the graph', () => {
    const bytes = buildModel({
      inputs: [valueInfo('x', [1])],
      outputs: [valueInfo('y', [1])],
      nodes: [node('Identity', ['x'], ['y'])],
      metadata: { a: '1', 'vnet.online.caches': '[]' },
    });
    expect(readModelMetadata(bytes)).toEqual(
      new Map([
        ['a', '1'],
        ['vnet.online.caches', '[]'],
      ]),
    );
    expect(readModelMetadata(identityClassifier(2))).toEqual(new Map());
  });
});

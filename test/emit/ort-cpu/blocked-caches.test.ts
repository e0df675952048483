import { describe, expect, it } from 'vitest';
import { keepCachesBlocked } from '../../../compiler/emit/ort-cpu/blocked-caches.js';
import type { IGraphProto, INodeProto, IValueInfoProto } from '../../../compiler/emit/proto.js';
import { NCHWC_DOMAIN } from '../../../ort/nchwc-block.js';

const PAIR = { input: 'cache', output: 'cache_next' };

function nchwc(opType: string, input: string[], output: string, attrs: Record<string, number> = {}): INodeProto {
  const attribute = Object.entries(attrs).map(([name, i]) => ({ name, i, type: 2 }));
  return { opType, domain: NCHWC_DOMAIN, input, output: [output], name: `${opType}_${output}`, attribute };
}

function tensor(name: string, dims: (number | string)[]): IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType: 1, shape: { dim } } } };
}

interface ChainOptions {
  readonly channels?: number;
  /** What reads the cache instead of a ReorderInput. */
  readonly plainReader?: string;
  /** Another reader of the plain next cache (besides the Identity that names the output). */
  readonly alsoReadsNext?: boolean;
}

/**
 * The chain onnxruntime saves for one online cache: cache -> ReorderInput -> conv (partial sum into the
 * frame's conv) ... the producer's channel group -> ReorderOutput -> Identity -> cache_next.
 */
function cacheChain(options: ChainOptions = {}): IGraphProto {
  const c = options.channels ?? 32;
  const reader: INodeProto = options.plainReader
    ? { opType: options.plainReader, input: ['cache', 'x_plain'], output: ['joined'], name: 'reader' }
    : nchwc('ReorderInput', ['cache'], 'cache_blocked', { channels_last: 0 });
  const node: INodeProto[] = [
    reader,
    nchwc('Conv', ['frame_blocked', 'w'], 'group_blocked'),
    nchwc('Conv', [options.plainReader ? 'joined' : 'cache_blocked', 'w_cache', 'b', 'group_blocked'], 'y'),
    nchwc('ReorderOutput', ['group_blocked'], 'group_plain', { channels: c, channels_last: 0 }),
    { opType: 'Identity', input: ['group_plain'], output: ['cache_next'], name: 'next' },
  ];
  if (options.alsoReadsNext) node.push({ opType: 'MaxPool', input: ['group_plain'], output: ['pooled'], name: 'pool' });
  return {
    node,
    input: [tensor('frame_blocked', ['N', 64, 4, 4]), tensor('cache', ['N', c, 4, 4])],
    output: [tensor('y', ['N', 16, 4, 4]), tensor('cache_next', ['N', c, 4, 4])],
    valueInfo: [tensor('cache_blocked', ['N', c, 4, 4]), tensor('group_blocked', ['N', c, 4, 4]), tensor('group_plain', ['N', c, 4, 4])],
  };
}

const ops = (graph: IGraphProto) => (graph.node ?? []).map((n) => `${n.opType}(${(n.input ?? []).join(', ')}) -> ${(n.output ?? []).join(', ')}`);

describe('online caches kept in the blocked layout', () => {
  it.each([8, 16])('reads and writes a cache of whole NCHWc blocks (block %i) without reorders', (block) => {
    const result = keepCachesBlocked(cacheChain(), block, [PAIR]);
    expect(result.caches).toEqual(['cache']);
    expect(result.skipped).toEqual([]);
    // The producer writes the output itself; the conv reads the cache input itself.
    expect(ops(result.graph)).toEqual(['Conv(frame_blocked, w) -> cache_next', 'Conv(cache, w_cache, b, cache_next) -> y']);
    expect((result.graph.valueInfo ?? []).map((v) => v.name)).toEqual([]);
    // onnxruntime's blocked tensors are 4-D with whole blocks: the declared shapes stay.
    expect(result.graph.input).toEqual(cacheChain().input);
    expect(result.graph.output).toEqual(cacheChain().output);
  });

  it('leaves a cache that is not whole blocks plain on 16-channel blocks, and blocks it on 8', () => {
    const wide = keepCachesBlocked(cacheChain({ channels: 24 }), 16, [PAIR]);
    expect(wide.caches).toEqual([]);
    expect(wide.skipped).toEqual([{ site: 'cache', reason: 'its 24 channels are not a whole number of NCHWc blocks (16)' }]);
    expect(wide.graph).toEqual(cacheChain({ channels: 24 }));
    expect(keepCachesBlocked(cacheChain({ channels: 24 }), 8, [PAIR]).caches).toEqual(['cache']);
  });

  it('leaves a cache plain when an operator that needs the plain layout reads it', () => {
    const result = keepCachesBlocked(cacheChain({ plainReader: 'Concat' }), 16, [PAIR]);
    expect(result.caches).toEqual([]);
    expect(result.skipped).toEqual([{ site: 'cache', reason: "it is read by Concat 'reader', which needs the plain layout" }]);
  });

  it('leaves a cache plain when its next value does not come out of the blocked layout', () => {
    const graph = cacheChain();
    const node = (graph.node ?? []).map((n) => (n.opType === 'Identity' ? { ...n, input: ['frame_plain'] } : n));
    const result = keepCachesBlocked({ ...graph, node }, 16, [PAIR]);
    expect(result.skipped).toEqual([{ site: 'cache', reason: "its next value comes from Identity 'next', not from the blocked layout" }]);
  });

  it('keeps the reorder for other readers of the plain next value, reading the blocked output', () => {
    const result = keepCachesBlocked(cacheChain({ alsoReadsNext: true }), 16, [PAIR]);
    expect(result.caches).toEqual(['cache']);
    expect(ops(result.graph)).toEqual([
      'Conv(frame_blocked, w) -> cache_next',
      'Conv(cache, w_cache, b, cache_next) -> y',
      'ReorderOutput(cache_next) -> group_plain',
      'MaxPool(group_plain) -> pooled',
    ]);
  });

  it('changes nothing in a model without caches', () => {
    const graph = cacheChain();
    expect(keepCachesBlocked(graph, 16, [])).toEqual({ graph, caches: [], skipped: [] });
  });
});

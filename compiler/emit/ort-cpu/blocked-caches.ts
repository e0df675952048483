// cache -> ReorderInput -> conv ... conv -> ReorderOutput -> Identity -> cache_next
//   =>  cache -> conv ... conv -> cache_next           (the cache kept in the blocked layout)
//
// An online model reads each cache (a group of whole frames' channels) into onnxruntime's blocked
// NCHWc layout and writes the next one back out of it, every frame: two reorders per cache. The cache
// is state the model alone reads and writes (the runtime starts it at zeros and feeds back what the
// model returned), so its layout is the model's choice. When every reader of a cache reorders it in
// and its next value is reordered out of a blocked tensor, the cache is that blocked tensor: the
// readers read it directly and the producer writes the model output itself. onnxruntime keeps
// blocked tensors 4-D ([N, C, H, W], C a whole number of blocks here), so the declared shape stays.
import type { CachePair } from '../../../contract/caches.js';
import type { IGraphProto, INodeProto, IValueInfoProto } from '../proto.js';
import { describe, isReorder } from './blocked-region.js';
import { GraphLookup, intAttr } from './proto-lookup.js';

export interface BlockedCaches {
  readonly graph: IGraphProto;
  /** Cache inputs now in the blocked layout. */
  readonly caches: string[];
  /** Caches left in the plain layout, each with the reason. */
  readonly skipped: { readonly site: string; readonly reason: string }[];
}

/** A cache that can stay blocked: the reorders to drop, and the blocked tensor that becomes the output. */
interface CacheRewrite {
  readonly pair: CachePair;
  readonly reordersIn: readonly INodeProto[];
  /** The node that names the output (an Identity or the ReorderOutput itself). */
  readonly namer: INodeProto;
  readonly reorderOut: INodeProto;
  /** The blocked value the ReorderOutput reads; renamed to the cache output. */
  readonly blocked: string;
}

export function keepCachesBlocked(graph: IGraphProto, block: number, pairs: readonly CachePair[]): BlockedCaches {
  const g = new GraphLookup(graph);
  const rewrites: CacheRewrite[] = [];
  const skipped: { site: string; reason: string }[] = [];
  for (const pair of pairs) {
    const found = cacheRewrite(pair, graph, g, block);
    if (typeof found === 'string') skipped.push({ site: pair.input, reason: found });
    else rewrites.push(found);
  }
  if (rewrites.length === 0) return { graph, caches: [], skipped };
  return { graph: rewritten(graph, g, rewrites), caches: rewrites.map((r) => r.pair.input), skipped };
}

function cacheRewrite(pair: CachePair, graph: IGraphProto, g: GraphLookup, block: number): CacheRewrite | string {
  const channels = declaredChannels(graph.input ?? [], pair.input);
  if (channels === undefined) return `its channel count is not declared`;
  if (channels % block !== 0) return `its ${channels} channels are not a whole number of NCHWc blocks (${block})`;
  const readers = g.readers(pair.input);
  const other = readers.find((r) => !isReorder(r, 'ReorderInput'));
  if (readers.length === 0 || other) return `it is read by ${other ? describe(other) : 'nothing'}, which needs the plain layout`;
  const namer = g.producer(pair.output);
  const reorderOut = namer && (namer.opType === 'Identity' && (namer.domain ?? '') === '' ? g.producer(namer.input?.[0] ?? '') : namer);
  if (!namer || !reorderOut || !isReorder(reorderOut, 'ReorderOutput')) {
    return `its next value comes from ${namer ? describe(namer) : 'no node'}, not from the blocked layout`;
  }
  if (intAttr(reorderOut, 'channels', 0) !== channels) return `its next value has other channels than the cache`;
  const blocked = reorderOut.input?.[0] as string;
  if (g.isOutput(blocked) || (graph.input ?? []).some((v) => v.name === blocked)) return `its next value is also a model input or output`;
  return { pair, reordersIn: readers, namer, reorderOut, blocked };
}

/** The graph with each cache read and written blocked. */
function rewritten(graph: IGraphProto, g: GraphLookup, rewrites: readonly CacheRewrite[]): IGraphProto {
  const removed = new Set<INodeProto>();
  const rename = new Map<string, string>();
  for (const r of rewrites) {
    for (const reorder of r.reordersIn) {
      removed.add(reorder);
      rename.set(reorder.output?.[0] as string, r.pair.input);
    }
    rename.set(r.blocked, r.pair.output);
    removed.add(r.namer);
    // The plain tensor stays only for readers other than the output's Identity.
    const plain = r.reorderOut.output?.[0] as string;
    if (r.namer === r.reorderOut || g.readers(plain).every((n) => n === r.namer)) removed.add(r.reorderOut);
  }
  const read = (v: string) => rename.get(v) ?? v;
  const node = (graph.node ?? []).filter((n) => !removed.has(n)).map((n) => ({ ...n, input: (n.input ?? []).map(read), output: (n.output ?? []).map(read) }));
  const gone = new Set([...removed].flatMap((n) => n.output ?? []).concat([...rename.keys()]));
  const valueInfo = (graph.valueInfo ?? []).filter((v) => !gone.has(v.name ?? ''));
  return { ...graph, node, valueInfo };
}

function declaredChannels(inputs: readonly IValueInfoProto[], name: string): number | undefined {
  const dim = inputs.find((v) => v.name === name)?.type?.tensorType?.shape?.dim?.[1];
  return dim?.dimValue === undefined || dim.dimValue === null ? undefined : Number(dim.dimValue);
}

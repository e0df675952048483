// ReorderOutput -> [time shifts, Relu, Add] -> ReorderInput  =>  [time shifts, Relu, Add] on blocked data
//
// onnxruntime's CPU convolutions keep activations in a blocked layout (NCHWc: [N, C/b, H, W, b]) and
// bracket every operator that does not know that layout with reorders. Around each time shift, the
// region of operators that give the same result on blocked data (blocked-region.ts) is kept, and
// the reorders into and out of it go.
import type { IGraphProto, INodeProto } from '../proto.js';
import { regionAround, type BlockedRegion } from './blocked-region.js';
import { GraphLookup } from './proto-lookup.js';

export interface BlockedShifts {
  readonly graph: IGraphProto;
  /** The Pad nodes (time shifts) that now run on blocked data. */
  readonly sites: string[];
  /** Pad nodes left as they were, each with the reason. */
  readonly skipped: { readonly site: string; readonly reason: string }[];
}

/**
 * Keeps every time shift that can run on blocked data there, with what lies between it and the reorders.
 * `shiftPads` names the Pads that move frames (from the IR provenance of the emitted nodes).
 */
export function keepShiftsBlocked(graph: IGraphProto, block: number, shiftPads: ReadonlySet<string>): BlockedShifts {
  const g = new GraphLookup(graph);
  const regions: BlockedRegion[] = [];
  const skipped: { site: string; reason: string }[] = [];
  const seen = new Set<INodeProto>();
  for (const pad of graph.node ?? []) {
    if (pad.opType !== 'Pad' || (pad.domain ?? '') !== '' || !shiftPads.has(pad.name ?? '') || seen.has(pad)) continue;
    const result = regionAround(pad, g, block);
    const pads = 'region' in result ? result.region.pads : result.pads;
    for (const p of pads) seen.add(p);
    if ('region' in result) regions.push(result.region);
    else skipped.push(...pads.map((p) => ({ site: p.name ?? '', reason: result.reason })));
  }
  if (regions.length === 0) return { graph, sites: [], skipped };
  return { graph: withoutReorders(graph, g, regions), sites: regions.flatMap((r) => r.pads.map((p) => p.name ?? '')), skipped };
}

/** The graph with each region reading its entries' blocked inputs and its exits' readers reading the region. */
function withoutReorders(graph: IGraphProto, g: GraphLookup, regions: readonly BlockedRegion[]): IGraphProto {
  const inRegion = new Set(regions.flatMap((r) => [...r.nodes]));
  const removed = new Set<INodeProto>();
  const blockedInput = new Map<string, string>();
  const renamed = new Map<string, string>();
  for (const region of regions) {
    for (const entry of region.entries) {
      const plain = entry.output?.[0] as string;
      blockedInput.set(plain, entry.input?.[0] as string);
      if (!g.isOutput(plain) && g.readers(plain).every((r) => inRegion.has(r))) removed.add(entry);
    }
    for (const exit of region.exits) {
      removed.add(exit);
      renamed.set(exit.output?.[0] as string, exit.input?.[0] as string);
    }
  }
  const gone = new Set([...removed].flatMap((n) => n.output ?? []));
  const node = (graph.node ?? [])
    .filter((n) => !removed.has(n))
    .map((n) => {
      const read = (v: string) => (inRegion.has(n) ? blockedInput.get(v) : undefined) ?? renamed.get(v) ?? v;
      return { ...n, input: (n.input ?? []).map(read) };
    });
  const valueInfo = (graph.valueInfo ?? []).filter((v) => !gone.has(v.name ?? ''));
  return { ...graph, node, valueInfo };
}

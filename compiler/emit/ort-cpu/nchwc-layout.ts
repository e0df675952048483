import { CONTRACT_KEYS } from '../../../contract/keys.js';
import { encodeNchwcBlock } from '../../../contract/nchwc-block.js';
import { firstLine } from '../../../ort/first-line.js';
import type { ExplainNote } from '../../passes/pass.js';
import { decodeModel, encodeModel, type IGraphProto, type IModelProto } from '../proto.js';
import { withBlockCheck } from './block-check.js';
import type { NodeProvenance } from '../builder.js';
import { keepShiftsBlocked } from './blocked-shifts.js';
import { keepCachesBlocked } from './blocked-caches.js';
import { parseCachePairs, type CachePair } from '../../../contract/caches.js';
import { NCHWC_DOMAIN, nchwcBlockSize } from '../../../ort/nchwc-block.js';
import { optimizeOffline } from '../../../ort/optimize-offline.js';

/** Its name in explain notes and `vnetc passes` (AFTER_EMISSION in passes/pipeline.ts). */
const STEP = 'ort-cpu-layout';

export interface CpuLayout {
  readonly model: IModelProto;
  /** Time shifts that now run on blocked data. */
  readonly sites: string[];
  /** Online caches now read and written in the blocked layout. */
  readonly caches: string[];
}

/**
 * `--target ort-cpu`: when the model has time shifts (or, online, caches), lay it out as onnxruntime's
 * CPU provider runs it (its NCHWc blocked convolutions, saved by onnxruntime) and keep the shifts and
 * caches inside that layout (blocked-shifts.ts, blocked-caches.ts). When nothing can stay blocked, the
 * model is returned unchanged, so it still runs on any CPU. The laid-out model records the block it
 * needs (`vnet.ort_cpu.nchwc_block`, contract/keys.ts), which vnet's runtime checks before loading it,
 * and checks it itself when run by any other onnxruntime (block-check.ts).
 */
export async function layOutForOrtCpu(
  model: IModelProto,
  provenance: ReadonlyMap<string, NodeProvenance>,
  explain: (note: ExplainNote) => void,
): Promise<CpuLayout> {
  const sites = timeShiftPads(model, provenance);
  const pairs = cachePairs(model);
  const unchanged = { model, sites: [], caches: [] };
  if (sites.size === 0 && pairs.length === 0) return unchanged;
  const at = (pad: string) => {
    const from = sites.get(pad);
    return from ? { site: from.name, span: from.span } : { site: pad };
  };
  const block = await nchwcBlockSize();
  if (block === 0) {
    explain({ pass: STEP, site: 'model', fired: false, reason: 'onnxruntime uses no blocked convolution layout on this CPU' });
    return unchanged;
  }
  let optimized: IModelProto;
  try {
    optimized = decodeModel(await optimizeOffline(encodeModel(model)));
  } catch (error) {
    // The plain model is still right; onnxruntime will say what it cannot load when it is run.
    const reason = `onnxruntime could not lay the model out (${firstLine(error)}); left as it is`;
    explain({ pass: STEP, site: 'model', fired: false, reason });
    return unchanged;
  }
  const result = keepShiftsBlocked(optimized.graph ?? {}, block, new Set(sites.keys()));
  for (const s of result.skipped) explain({ pass: STEP, ...at(s.site), fired: false, reason: s.reason });
  for (const site of result.sites) {
    explain({ pass: STEP, ...at(site), fired: true, reason: `moves frames in onnxruntime's blocked layout (NCHWc block ${block}): no reorders` });
  }
  const cached = keepCachesBlocked(result.graph, block, pairs);
  for (const s of cached.skipped) explain({ pass: STEP, site: s.site, fired: false, reason: `cache stays plain: ${s.reason}` });
  for (const site of cached.caches) {
    explain({ pass: STEP, site, fired: true, reason: `cache kept in onnxruntime's blocked layout (NCHWc block ${block}): no reorders` });
  }
  if (result.sites.length === 0 && cached.caches.length === 0) return unchanged;
  const laidOut: IModelProto = {
    ...optimized,
    producerName: model.producerName ?? null,
    producerVersion: model.producerVersion ?? null,
    docString: model.docString ?? null,
    graph: withBlockCheck(stableNames(cached.graph), block),
    metadataProps: [...(optimized.metadataProps ?? []), { key: CONTRACT_KEYS.nchwcBlock, value: encodeNchwcBlock(block) }],
  };
  return { model: laidOut, sites: result.sites, caches: cached.caches };
}

/** An online model's cache pairs, from its contract (none for an offline model). */
function cachePairs(model: IModelProto): CachePair[] {
  const text = (model.metadataProps ?? []).find((p) => p.key === CONTRACT_KEYS.onlineCaches)?.value;
  if (!text) return [];
  const parsed = parseCachePairs(text);
  return parsed.ok ? parsed.value : [];
}

/**
 * onnxruntime numbers the reorder nodes it adds in an order that varies from run to run; named after
 * their (stable) outputs instead, the same source compiles to the same bytes.
 */
function stableNames(graph: IGraphProto): IGraphProto {
  const node = (graph.node ?? []).map((n) =>
    n.domain === NCHWC_DOMAIN && n.opType?.startsWith('Reorder') ? { ...n, name: `${n.opType}/${n.output?.[0] ?? ''}` } : n,
  );
  return { ...graph, node };
}

/** The Pads that move frames, by the IR node each was lowered from: Pad name -> that node (the site). */
function timeShiftPads(model: IModelProto, provenance: ReadonlyMap<string, NodeProvenance>): Map<string, NodeProvenance> {
  const sites = new Map<string, NodeProvenance>();
  for (const node of model.graph?.node ?? []) {
    const from = provenance.get(node.name ?? '');
    if (node.opType === 'Pad' && from?.time === 'moves-frames') sites.set(node.name ?? '', from);
  }
  return sites;
}

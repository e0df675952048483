/** The tensors elaboration observed at a span, and how the server writes them (`f32[8*N, 64, 112, 112]`). */
import type { Observed } from '../compiler/check/observe.js';
import { shapeToString } from '../compiler/ir/dim.js';
import type { IRGraph, IRValue } from '../compiler/ir/graph.js';
import { nodeMacs, nodeParams } from '../compiler/summary/summary.js';
import type { Span } from '../base/span.js';
import type { Analysis } from './analysis.js';

export function typeText(value: IRValue): string {
  return `${value.dtype}${shapeToString(value.shape)}`;
}

/** What was observed exactly at `span` (its file's own analysis first, then its importers'). */
export function observedAt(analyses: readonly Analysis[], span: Span, kinds?: readonly Observed['kind'][]): Observed[] {
  for (const a of analyses) {
    const found = (a.observed.get(span.file) ?? []).filter((o) => o.span.start === span.start && o.span.end === span.end && (!kinds || kinds.includes(o.kind)));
    if (found.length > 0) return found;
  }
  return [];
}

/** Distinct types in order of first appearance, with how many times each was seen. */
export function distinctTypes(seen: readonly Observed[]): { text: string; count: number }[] {
  const out: { text: string; count: number }[] = [];
  for (const o of seen) {
    const text = typeText(o.value);
    const entry = out.find((e) => e.text === text);
    if (entry) entry.count++;
    else out.push({ text, count: 1 });
  }
  return out;
}

export interface LayerCost {
  readonly params: number;
  readonly macs: number;
  /** Checkpoint names with their shapes, in node order. */
  readonly names: readonly { name: string; shape: readonly number[] }[];
}

/** Parameters, MACs (per sample, as `vnetc summary` counts them) and checkpoint names of one call. */
export function layerCost(seen: Observed): LayerCost {
  const graph: IRGraph = { name: '', inputs: [], outputs: [], values: seen.values, nodes: seen.nodes, constants: {} };
  let params = 0;
  let macs = 0;
  const names: { name: string; shape: readonly number[] }[] = [];
  for (const node of seen.nodes) {
    params += nodeParams(node).params;
    macs += nodeMacs(node, graph);
    for (const p of Object.values(node.params)) names.push({ name: p.name, shape: p.shape });
  }
  return { params, macs, names };
}

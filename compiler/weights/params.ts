import type { IRGraph, IRParam } from '../ir/graph.js';

/** Every parameter of a graph, once, in node order. */
export function graphParams(graph: IRGraph): IRParam[] {
  const seen = new Map<string, IRParam>();
  for (const node of graph.nodes) {
    for (const p of Object.values(node.params)) if (!seen.has(p.name)) seen.set(p.name, p);
  }
  return [...seen.values()];
}

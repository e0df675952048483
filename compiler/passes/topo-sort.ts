/** Orders nodes so every input is produced before it is read; stable with respect to the given order. */
import type { IRGraph, IRNode } from '../ir/graph.js';

export function topoSort(graph: IRGraph): IRGraph {
  const producerIndex = new Map<string, number>();
  graph.nodes.forEach((n, i) => n.outputs.forEach((o) => producerIndex.set(o, i)));
  const waiting = graph.nodes.map((n) => new Set(n.inputs.filter((v) => producerIndex.has(v))).size);
  const readers = new Map<number, number[]>();
  graph.nodes.forEach((n, i) => {
    for (const v of new Set(n.inputs)) {
      const p = producerIndex.get(v);
      if (p === undefined) continue;
      const list = readers.get(p);
      if (list) list.push(i);
      else readers.set(p, [i]);
    }
  });
  // A min-heap would be O(n log n); graphs are a few thousand nodes, so a sorted ready list is enough.
  const ready: number[] = [];
  waiting.forEach((w, i) => w === 0 && ready.push(i));
  const order: IRNode[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const i = ready.shift() as number;
    order.push(graph.nodes[i] as IRNode);
    for (const r of readers.get(i) ?? []) {
      waiting[r] = (waiting[r] as number) - 1;
      if (waiting[r] === 0) ready.push(r);
    }
  }
  if (order.length !== graph.nodes.length) throw new Error('topoSort: the graph has a cycle');
  return { ...graph, nodes: order };
}

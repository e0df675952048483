/** Read-only lookups over a graph that passes need: producers and consumers of values. */
import type { IRGraph, IRNode } from '../ir/graph.js';

export interface GraphIndex {
  /** The node producing a value id (graph inputs have none). */
  producer(valueId: string): IRNode | undefined;
  /** Nodes reading a value id, in graph order. */
  consumers(valueId: string): readonly IRNode[];
  /** Whether a value is a graph output. */
  isOutput(valueId: string): boolean;
}

export function indexGraph(graph: IRGraph): GraphIndex {
  const producers = new Map<string, IRNode>();
  const consumers = new Map<string, IRNode[]>();
  for (const node of graph.nodes) {
    for (const out of node.outputs) producers.set(out, node);
    for (const input of node.inputs) {
      const list = consumers.get(input);
      if (list) list.push(node);
      else consumers.set(input, [node]);
    }
  }
  const outputs = new Set(graph.outputs);
  return {
    producer: (id) => producers.get(id),
    consumers: (id) => consumers.get(id) ?? [],
    isOutput: (id) => outputs.has(id),
  };
}

/** Graph edits shared by passes: rename value uses, drop nodes, keep only what is used. */
import type { IRGraph, IRNode } from '../ir/graph.js';

/** Every read of `from` (node inputs and graph outputs) becomes a read of `to`. */
export function replaceUses(graph: IRGraph, from: string, to: string): IRGraph {
  const swap = (id: string): string => (id === from ? to : id);
  return {
    ...graph,
    nodes: graph.nodes.map((n) => (n.inputs.includes(from) ? ({ ...n, inputs: n.inputs.map(swap) } as IRNode) : n)),
    outputs: graph.outputs.map(swap),
  };
}

/** The graph without the given nodes and without the values only they produced. */
export function removeNodes(graph: IRGraph, doomed: ReadonlySet<IRNode>): IRGraph {
  if (doomed.size === 0) return graph;
  const droppedValues = new Set<string>();
  for (const n of doomed) for (const o of n.outputs) droppedValues.add(o);
  const values = Object.fromEntries(Object.entries(graph.values).filter(([id]) => !droppedValues.has(id)));
  return { ...graph, nodes: graph.nodes.filter((n) => !doomed.has(n)), values };
}

/** The graph with value `from` called `to` everywhere: its producer, its readers, graph inputs and outputs. */
export function renameValue(graph: IRGraph, from: string, to: string): IRGraph {
  if (from === to) return graph;
  const swap = (id: string): string => (id === from ? to : id);
  const values = Object.fromEntries(Object.entries(graph.values).map(([id, v]) => (id === from ? [to, { ...v, id: to }] : [id, v])));
  return {
    ...graph,
    values,
    inputs: graph.inputs.map(swap),
    outputs: graph.outputs.map(swap),
    nodes: graph.nodes.map((n) => ({ ...n, inputs: n.inputs.map(swap), outputs: n.outputs.map(swap) }) as IRNode),
  };
}

/**
 * Each key node absorbed its single reader: `merged` maps the node to its replacement (which now
 * writes the reader's output), `absorbed` holds the readers. The readers and the nodes' old output
 * values leave the graph; a replacement that absorbed nothing keeps writing its own output.
 */
export function absorbReaders(graph: IRGraph, merged: ReadonlyMap<IRNode, IRNode>, absorbed: ReadonlySet<IRNode>): IRGraph {
  const written = new Set([...merged.values()].flatMap((n) => n.outputs));
  const dropped = new Set([...merged.keys()].map((n) => n.outputs[0] as string).filter((id) => !written.has(id)));
  const nodes = graph.nodes.filter((n) => !absorbed.has(n)).map((n) => merged.get(n) ?? n);
  const values = Object.fromEntries(Object.entries(graph.values).filter(([id]) => !dropped.has(id)));
  return { ...graph, nodes, values };
}

// identity(x) -> x   (dropout and other inference no-ops; chains identity(identity(x)) -> x too)
import type { IRGraph, IRNode } from '../ir/graph.js';
import { unchanged, type Pass } from './pass.js';
import { removeNodes } from './rewire.js';

export const removeIdentity: Pass = {
  name: 'remove-identity',
  description: 'drop identity nodes (dropout at inference) and read their input directly',
  run(module) {
    const graph = module.graph;
    // Output of a removable identity -> the value it passes on (resolved through chains below).
    const alias = new Map<string, string>();
    const doomed = new Set<IRNode>();
    for (const node of graph.nodes) {
      if (node.op !== 'identity') continue;
      const input = node.inputs[0];
      const output = node.outputs[0];
      if (input === undefined || output === undefined) continue;
      // A graph output keeps its declared name: only drop the node when the output is internal.
      if (graph.outputs.includes(output)) continue;
      alias.set(output, input);
      doomed.add(node);
    }
    if (doomed.size === 0) return unchanged(module);
    const kept = removeNodes(graph, doomed);
    return { module: { ...module, graph: readThrough(kept, (id) => source(alias, id)) }, changed: true };
  },
};

/** The value an alias chain ends at (identities read in any node order). */
function source(alias: ReadonlyMap<string, string>, id: string): string {
  let at = id;
  for (let steps = 0; steps <= alias.size; steps++) {
    const next = alias.get(at);
    if (next === undefined) return at;
    at = next;
  }
  return at; // a cycle of identities cannot come from a checked program; leave it to the verifier
}

function readThrough(graph: IRGraph, resolve: (id: string) => string): IRGraph {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => (n.inputs.some((i) => resolve(i) !== i) ? ({ ...n, inputs: n.inputs.map(resolve) } as IRNode) : n)),
    outputs: graph.outputs.map(resolve),
  };
}

// identity(x) -> x   (dropout and other inference no-ops)
import type { IRNode } from '../ir/graph.js';
import { unchanged, type Pass } from './pass.js';
import { removeNodes, replaceUses } from './rewire.js';

export const removeIdentity: Pass = {
  name: 'remove-identity',
  description: 'drop identity nodes (dropout at inference) and read their input directly',
  run(module) {
    let graph = module.graph;
    const doomed = new Set<IRNode>();
    for (const node of graph.nodes) {
      if (node.op !== 'identity') continue;
      const input = node.inputs[0];
      const output = node.outputs[0];
      if (input === undefined || output === undefined) continue;
      // A graph output keeps its declared name: only drop the node when the output is internal.
      if (graph.outputs.includes(output)) continue;
      graph = replaceUses(graph, output, input);
      doomed.add(node);
    }
    if (doomed.size === 0) return unchanged(module);
    return { module: { ...module, graph: removeNodes(graph, doomed) }, changed: true };
  },
};

// node whose outputs nobody reads -> (removed)
import type { IRNode } from '../ir/graph.js';
import { unchanged, type Pass } from './pass.js';
import { removeNodes } from './rewire.js';

export const removeDeadNodes: Pass = {
  name: 'remove-dead-nodes',
  description: 'remove nodes whose outputs reach no graph output',
  run(module) {
    const { graph } = module;
    const live = new Set<string>(graph.outputs);
    const doomed = new Set<IRNode>();
    for (let i = graph.nodes.length - 1; i >= 0; i--) {
      const node = graph.nodes[i] as IRNode;
      if (node.outputs.some((o) => live.has(o))) for (const input of node.inputs) live.add(input);
      else doomed.add(node);
    }
    if (doomed.size === 0) return unchanged(module);
    const kept = removeNodes(graph, doomed);
    const usedParams = new Set(kept.nodes.flatMap((n) => Object.values(n.params).map((p) => p.name)));
    const weights = new Map([...module.weights].filter(([name]) => usedParams.has(name)));
    return { module: { graph: kept, weights }, changed: true };
  },
};

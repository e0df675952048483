// frames(unframes(x)) -> x ; unframes(frames(x)) -> x ; transpose(transpose(x, p), q) -> x when q∘p = id
import type { IRNode } from '../ir/graph.js';
import { shapeEquals } from '../ir/dim.js';
import { indexGraph } from './graph-index.js';
import { unchanged, type Pass } from './pass.js';
import { removeNodes, replaceUses } from './rewire.js';

const INVERSE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['frames', 'unframes'],
  ['unframes', 'frames'],
  ['reshape', 'reshape'],
  ['flatten', 'reshape'],
  ['transpose', 'transpose'],
];

export const cancelReshapes: Pass = {
  name: 'cancel-reshapes',
  description: 'cancel back-to-back reshapes and transposes that undo each other',
  run(module) {
    let graph = module.graph;
    const index = indexGraph(graph);
    const doomed = new Set<IRNode>();
    for (const second of graph.nodes) {
      const inner = second.inputs[0];
      const first = inner === undefined ? undefined : index.producer(inner);
      if (!first || doomed.has(first) || doomed.has(second)) continue;
      if (!INVERSE_PAIRS.some(([a, b]) => first.op === a && second.op === b)) continue;
      const source = first.inputs[0] as string;
      const result = second.outputs[0] as string;
      const sourceValue = graph.values[source];
      const resultValue = graph.values[result];
      if (!sourceValue || !resultValue || !shapeEquals(sourceValue.shape, resultValue.shape)) continue;
      if (first.op === 'transpose' && second.op === 'transpose') {
        const p = first.attrs.perm;
        const q = second.attrs.perm;
        if (!q.every((axis, i) => p[axis] === i)) continue;
      }
      if (graph.outputs.includes(result)) continue;
      graph = replaceUses(graph, result, source);
      doomed.add(second);
      // The first node goes too when nothing else reads its output.
      if (index.consumers(inner as string).length === 1 && !graph.outputs.includes(inner as string)) doomed.add(first);
    }
    if (doomed.size === 0) return unchanged(module);
    return { module: { ...module, graph: removeNodes(graph, doomed) }, changed: true };
  },
};

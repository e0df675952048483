import { describe, expect, it } from 'vitest';
import { removeDeadNodes } from '../../compiler/passes/remove-dead-nodes.js';
import { graphOf, moduleOf, opCounts, runPass } from './helpers.js';

// node whose outputs nobody reads -> (removed), with its parameters
const DEAD = `network net(x: f32[N, 4]) -> f32[N, 4] {
  let unused = x |> linear(3) as dead |> relu
  return x |> linear(4) as fc
}
`;

describe('remove-dead-nodes', () => {
  it('removes a chain that reaches no output, and drops its parameters from the weight table', () => {
    const module = moduleOf(graphOf(DEAD));
    expect(opCounts(module.graph)).toEqual({ linear: 2, relu: 1 });
    expect([...module.weights.keys()].sort()).toEqual(['dead.bias', 'dead.weight', 'fc.bias', 'fc.weight']);
    const first = runPass(removeDeadNodes, module);
    expect(first.changed).toBe(true);
    expect(first.module.graph.nodes.map((n) => n.name)).toEqual(['fc']);
    expect([...first.module.weights.keys()].sort()).toEqual(['fc.bias', 'fc.weight']);
    expect(first.module.graph.values['dead']).toBeUndefined();
    expect(first.module.graph.values['relu_0']).toBeUndefined();
    // The kept parameters are the very same arrays.
    expect(first.module.weights.get('fc.weight')).toBe(module.weights.get('fc.weight'));
    const second = runPass(removeDeadNodes, first.module);
    expect(second.changed).toBe(false);
    expect(second.module.graph).toBe(first.module.graph);
  });
});

/** The graph utilities passes share: the index, the rewiring edits, the topological sort, weight slicing. */
import { describe, expect, it } from 'vitest';
import type { IRGraph, IRNode } from '../../compiler/ir/graph.js';
import { indexGraph } from '../../compiler/passes/graph-index.js';
import { absorbReaders, removeNodes, renameValue, replaceUses } from '../../compiler/passes/rewire.js';
import { slicedParam, sliceWeightData } from '../../compiler/passes/slice-weights.js';
import { topoSort } from '../../compiler/passes/topo-sort.js';
import { graphOf, nodeNamed } from './helpers.js';

/** frames -> a (relu) -> b (relu); a + b -> c (sigmoid) -> pool -> mean: a has two readers, b and the sum. */
const CHAIN = `const T = 2
network net(clip: f32[N, T, 4, 4, 4]) -> f32[N, 4] {
  let y = clip |> frames |> relu as a
  let z = y |> relu as b
  return (y + z) |> sigmoid as c |> global_avgpool as pool |> consensus as mean
}
`;

const names = (g: IRGraph) => g.nodes.map((n) => n.name);

describe('graph index', () => {
  it('finds producers, consumers in graph order, and graph outputs', () => {
    const g = graphOf(CHAIN);
    const index = indexGraph(g);
    const a = nodeNamed(g, 'a');
    const aOut = a.outputs[0] as string;
    expect(index.producer(aOut)).toBe(a);
    expect(index.consumers(aOut).map((n) => n.op)).toEqual(['relu', 'add']);
    expect(index.consumers(aOut)[0]).toBe(nodeNamed(g, 'b'));
    expect(index.producer(g.inputs[0] as string)).toBeUndefined();
    expect(index.isOutput(g.outputs[0] as string)).toBe(true);
    expect(index.isOutput(aOut)).toBe(false);
  });
});

describe('rewire', () => {
  it('replaceUses sends every reader of a value (and graph outputs) to another', () => {
    const g = graphOf(CHAIN);
    const a = nodeNamed(g, 'a').outputs[0] as string;
    const x = nodeNamed(g, 'a').inputs[0] as string;
    const rewired = replaceUses(g, a, x);
    expect(indexGraph(rewired).consumers(a)).toEqual([]);
    expect(
      indexGraph(rewired)
        .consumers(x)
        .map((n) => n.name),
    ).toContain('b');
    expect(g.nodes.find((n) => n.name === 'b')?.inputs).toEqual([a]);
  });

  it('removeNodes drops the nodes and the values only they produced', () => {
    const g = graphOf(CHAIN);
    const b = nodeNamed(g, 'b');
    const removed = removeNodes(g, new Set([b]));
    expect(names(removed)).not.toContain('b');
    expect(removed.values[b.outputs[0] as string]).toBeUndefined();
    expect(removeNodes(g, new Set())).toBe(g);
  });

  it('renameValue renames a value at its producer, readers and the graph outputs', () => {
    const g = graphOf(CHAIN);
    const out = g.outputs[0] as string;
    const renamed = renameValue(g, out, 'logits');
    expect(renamed.outputs).toEqual(['logits']);
    expect(renamed.values['logits']?.id).toBe('logits');
    expect(renamed.nodes.some((n) => n.outputs.includes('logits'))).toBe(true);
    expect(renameValue(g, out, out)).toBe(g);
  });

  it('absorbReaders puts the merged node in its place and drops the reader and the old value', () => {
    const g = graphOf(CHAIN);
    const pool = nodeNamed(g, 'pool');
    const mean = nodeNamed(g, 'mean');
    const merged = { ...pool, outputs: mean.outputs } as IRNode;
    const result = absorbReaders(g, new Map([[pool, merged]]), new Set([mean]));
    expect(names(result)).toEqual(names(g).filter((n) => n !== 'mean'));
    expect(result.values[pool.outputs[0] as string]).toBeUndefined();
    expect(result.nodes.find((n) => n.name === 'pool')?.outputs).toEqual(mean.outputs);
  });
});

describe('topoSort', () => {
  it('puts every producer before its readers and keeps the given order otherwise (stable)', () => {
    const g = graphOf(CHAIN);
    const shuffled = { ...g, nodes: [...g.nodes].reverse() };
    const sorted = topoSort(shuffled);
    const position = new Map(sorted.nodes.map((n, i) => [n, i]));
    const index = indexGraph(sorted);
    for (const n of sorted.nodes) {
      for (const input of n.inputs) {
        const p = index.producer(input);
        if (p) expect(position.get(p)).toBeLessThan(position.get(n) as number);
      }
    }
    expect(names(topoSort(g))).toEqual(names(g));
  });
});

describe('weight slicing (channel-split)', () => {
  // A [3, 2, 1, 2] weight: value = 100*o + 10*i + k.
  const shape = [3, 2, 1, 2];
  const data = Float32Array.from({ length: 12 }, (_, n) => 100 * Math.floor(n / 4) + 10 * Math.floor((n % 4) / 2) + (n % 2));
  const param = { name: 'conv.weight', shape, dtype: 'f32' as const, init: { kind: 'zeros' as const } };

  it('axis 0 takes whole output rows', () => {
    expect([...sliceWeightData(data, shape, 0, { start: 1, end: 3 })]).toEqual([100, 101, 110, 111, 200, 201, 210, 211]);
    expect(slicedParam(param, 0, { start: 1, end: 3 })).toMatchObject({ name: 'conv.weight[1:3]', shape: [2, 2, 1, 2] });
  });

  it('axis 1 takes the same input columns of every row', () => {
    expect([...sliceWeightData(data, shape, 1, { start: 1, end: 2 })]).toEqual([10, 11, 110, 111, 210, 211]);
    expect(slicedParam(param, 1, { start: 1, end: 2 })).toMatchObject({ name: 'conv.weight[:,1:2]', shape: [3, 1, 1, 2] });
  });
});

import { describe, expect, it } from 'vitest';
import { removeIdentity } from '../../compiler/passes/remove-identity.js';
import { build, graphOf, moduleOf, opCounts, runFirst, runPass, scaledMaxDiff, seededInput, TOLERANCE } from './helpers.js';

// identity(x) -> x
const DROPOUT = `network net(x: f32[N, 4]) -> f32[N, 4] {
  return x |> dropout(p=0.5) |> relu
}
`;

const DROPOUT_LAST = `network net(x: f32[N, 4]) -> f32[N, 4] {
  return x |> relu |> dropout(p=0.5)
}
`;

describe('remove-identity', () => {
  it('drops dropout (an identity at inference); its reader reads the input directly', () => {
    const graph = graphOf(DROPOUT);
    expect(opCounts(graph)).toEqual({ identity: 1, relu: 1 });
    const first = runPass(removeIdentity, moduleOf(graph));
    expect(first.changed).toBe(true);
    expect(opCounts(first.module.graph)).toEqual({ relu: 1 });
    expect(first.module.graph.nodes[0]?.inputs).toEqual(['x']);
    expect(first.module.graph.values['dropout_0']).toBeUndefined();
    expect(runPass(removeIdentity, first.module).changed).toBe(false);
  });

  it('keeps an identity whose output is the graph output (the output keeps its name)', () => {
    const graph = graphOf(DROPOUT_LAST);
    const run = runPass(removeIdentity, moduleOf(graph));
    expect(run.changed).toBe(false);
    expect(run.module).toBe(run.module);
    expect(opCounts(run.module.graph)).toEqual({ identity: 1, relu: 1 });
    expect(run.module.graph.outputs).toEqual(['dropout_0']);
  });

  it('gives the same numbers', async () => {
    const graph = graphOf(DROPOUT);
    const input = seededInput([3, 4]);
    const ref = await runFirst(build(graph, { target: 'portable', level: 0 }).bytes, input);
    const out = await runFirst(build(graph, { target: 'portable', passes: ['remove-identity'] }).bytes, input);
    expect(scaledMaxDiff(out.data, ref.data)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('rewires a chain of identities: x |> dropout |> dropout |> relu reads x (issue #17)', () => {
    const graph = graphOf(`network net(x: f32[N, 4]) -> f32[N, 4] {
  return x |> dropout |> dropout(p=0.1) |> dropout |> relu
}
`);
    const run = runPass(removeIdentity, moduleOf(graph));
    expect(opCounts(run.module.graph)).toEqual({ relu: 1 });
    expect(run.module.graph.nodes[0]?.inputs).toEqual(['x']);
    expect(Object.keys(run.module.graph.values).filter((v) => v.startsWith('dropout'))).toEqual([]);
  });

  it("a chain ending at the graph output keeps only the last identity, reading the chain's source", () => {
    const graph = graphOf(`network net(x: f32[N, 4]) -> f32[N, 4] {
  return x |> relu |> dropout |> dropout
}
`);
    const run = runPass(removeIdentity, moduleOf(graph));
    expect(opCounts(run.module.graph)).toEqual({ relu: 1, identity: 1 });
    const identity = run.module.graph.nodes.find((n) => n.op === 'identity');
    expect(identity?.inputs).toEqual(['relu_0']);
  });

  it('-O2 of identity chains before a shift and a conv gives the -O0 numbers', async () => {
    const graph = graphOf(`network net(x: f32[1, 8, 16, 6, 6]) {
  return x |> frames |> dropout |> dropout |> shift(fold=1/8) |> conv2d(16, k=3, pad=1) as c |> dropout |> dropout |> relu |> unframes
}
`);
    const input = seededInput([1, 8, 16, 6, 6]);
    const ref = await runFirst(build(graph, { target: 'portable', level: 0 }).bytes, input);
    for (const target of ['portable', 'ort-cpu'] as const) {
      const out = await runFirst(build(graph, { target, level: 2 }).bytes, input);
      expect(scaledMaxDiff(out.data, ref.data)).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});

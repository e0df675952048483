/** The IR verifier accepts what the checker builds and names what is wrong in a broken graph. */
import { describe, expect, it } from 'vitest';
import type { IRGraph, IRNode } from '../../compiler/ir/graph.js';
import { printGraph } from '../../compiler/ir/print.js';
import { verifyGraph } from '../../compiler/ir/verify.js';
import { graphOf } from '../check/helpers.js';

const SRC = `
network n(x: f32[N, 4, 3, 8, 8]) -> f32[N, 10] {
  return x |> frames |> conv2d(8, k=3, pad=1) as conv |> relu |> global_avgpool |> linear(10) as fc |> consensus
}
`;

function withNodes(g: IRGraph, nodes: IRNode[]): IRGraph {
  return { ...g, nodes };
}

describe('verifyGraph', () => {
  it('accepts a checked graph', () => {
    expect(verifyGraph(graphOf(SRC))).toEqual([]);
  });

  it('reports nodes out of topological order', () => {
    const g = graphOf(SRC);
    const [a, b, ...rest] = g.nodes as IRNode[];
    expect(verifyGraph(withNodes(g, [b as IRNode, a as IRNode, ...rest]))).toContain("conv: input 'frames_0' is not defined before use");
  });

  it('reports a shape that disagrees with the op rule', () => {
    const g = graphOf(SRC);
    const values = { ...g.values, conv: { ...(g.values.conv as IRGraph['values'][string]), shape: [1, 8, 8, 8] } };
    expect(verifyGraph({ ...g, values })).toContain('conv: output is [1, 8, 8, 8] but conv gives [4*N, 8, 8, 8]');
  });

  it('reports duplicate node names', () => {
    const g = graphOf(SRC);
    const nodes = g.nodes.map((n) => (n.name === 'fc' ? { ...n, name: 'conv' } : n));
    expect(verifyGraph(withNodes(g, nodes))).toContain("node name 'conv' is used twice");
  });
});

describe('printGraph', () => {
  it('prints one line per node with shapes, attributes and parameters', () => {
    const text = printGraph(graphOf(SRC));
    expect(text.split('\n')[0]).toBe('network n(%x: f32[N, 4, 3, 8, 8])');
    expect(text).toContain(
      '%conv = conv(%frames_0) spatialDims=2 outChannels=8 kernel=[3, 3] stride=[1, 1] pads=[1, 1, 1, 1] dilation=[1, 1] groups=1 : f32[4*N, 8, 8, 8] time=merged(4) {conv.weight [8, 3, 3, 3], conv.bias [8]}',
    );
    expect(text.trimEnd().split('\n').pop()).toBe('  return %consensus_0');
  });
});

import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../compiler/emit/builder.js';
import type { IRNode } from '../../compiler/ir/graph.js';
import { sym } from '../../compiler/ir/dim.js';
import { GraphMaker } from './helpers.js';

const N = sym('N');

function twoNodes() {
  const g = new GraphMaker();
  g.value('x', [N, 3]);
  g.node('identity', 'skip', ['x'], { id: 'a', shape: [N, 3] }, {});
  g.node('relu', 'act', ['a'], { id: 'y', shape: [N, 3] }, {});
  return g.build('net', ['x'], ['y', 'a']);
}

describe('GraphBuilder', () => {
  it('binds a fresh output to the IR value id and names the producing node after the IR node', () => {
    const graph = twoNodes();
    const b = new GraphBuilder(graph, 'portable', 17);
    b.lower(graph.nodes[0] as IRNode, (_node, ctx) => {
      const mid = ctx.emit('Neg', [ctx.value('x')], {}, { nameSuffix: 'neg' });
      return ctx.emit('Neg', mid);
    });
    expect(b.nodes.map((n) => [n.name, n.inputs, n.outputs])).toEqual([
      ['skip/neg', ['x'], ['skip/neg_output_0']],
      ['skip', ['skip/neg_output_0'], ['a']],
    ]);
  });

  it('makes a returned existing tensor an alias, and gives an aliased graph output an Identity', () => {
    const graph = twoNodes();
    const b = new GraphBuilder(graph, 'portable', 17);
    b.lower(graph.nodes[0] as IRNode, (_node, ctx) => [ctx.value('x')]);
    b.lower(graph.nodes[1] as IRNode, (_node, ctx) => ctx.emit('Relu', [ctx.value('a')]));
    b.bindGraphOutputs();
    expect(b.nodes.map((n) => [n.opType, n.inputs, n.outputs])).toEqual([
      ['Relu', ['x'], ['y']],
      ['Identity', ['x'], ['a']],
    ]);
  });

  it('shares constants with the same content and keeps them small', () => {
    const graph = twoNodes();
    const b = new GraphBuilder(graph, 'portable', 17);
    b.lower(graph.nodes[0] as IRNode, (_node, ctx) => {
      const shape = { dtype: 'int64', dims: [2], data: BigInt64Array.of(-1n, 3n) } as const;
      const c1 = ctx.constant('shape', shape);
      const c2 = ctx.constant('other', { ...shape, data: BigInt64Array.of(-1n, 3n) });
      expect(c2).toBe(c1);
      expect(() => ctx.constant('big', { dtype: 'float32', dims: [1 << 20], data: new Float32Array(1 << 20) })).toThrow(/must not scale/);
      return ctx.emit('Reshape', [ctx.value('x'), c1]);
    });
    expect([...b.constants.keys()]).toEqual(['skip/shape']);
  });
});

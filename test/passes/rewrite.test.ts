/**
 * The rewrite engine writes the explain note of every candidate itself: fired with what the rewrite
 * did, or the check's reason; nodes that do not match get no note.
 */
import { describe, expect, it } from 'vitest';
import type { NodeOf } from '../../compiler/ir/graph.js';
import { rulePass, type RewriteRule } from '../../compiler/passes/rewrite.js';
import { graphOf, moduleOf, runPass } from './helpers.js';

const NET = `const T = 2
network net(clip: f32[N, T, 4, 4, 4]) -> f32[N, 4, 4, 4] {
  let x = clip |> frames |> relu as a |> relu as b |> sigmoid as c
  return x |> unframes |> mean(1)
}
`;

type Relu = NodeOf<'relu'>;

/** relu -> relu  =>  relu (a toy rule): refuses when the second relu is called `b`, unless told otherwise. */
function doubleRelu(refuseB: boolean): RewriteRule<'relu', { first: Relu; second: Relu }> {
  return {
    name: 'double-relu',
    description: 'relu(relu(x)) -> relu(x)',
    anchor: 'relu',
    match(first, { index }) {
      const second = index.consumers(first.outputs[0] as string)[0];
      return second?.op === 'relu' ? { first, second } : undefined;
    },
    check: ({ second }) => (refuseB && second.name === 'b' ? `keeps ${second.name}` : undefined),
    rewrite: ({ first, second }) => ({ replacement: { ...first, outputs: second.outputs }, absorbed: [second], note: `absorbed ${second.name}` }),
  };
}

describe('rewrite engine', () => {
  it('records a refusal with the check reason and the site, and changes nothing', () => {
    const run = runPass(rulePass(doubleRelu(true)), moduleOf(graphOf(NET)));
    expect(run.changed).toBe(false);
    expect(run.notes).toEqual([{ pass: 'double-relu', site: 'a', fired: false, reason: 'keeps b' }]);
    expect(run.noteSpans).toEqual(['test.vnet:3:29']);
  });

  it('records a fired rewrite and applies it (b leaves the graph, a writes its output)', () => {
    const run = runPass(rulePass(doubleRelu(false)), moduleOf(graphOf(NET)));
    expect(run.changed).toBe(true);
    expect(run.notes).toEqual([{ pass: 'double-relu', site: 'a', fired: true, reason: 'absorbed b' }]);
    expect(run.module.graph.nodes.map((n) => n.name)).not.toContain('b');
  });

  it('a rewrite that returns a reason is recorded like a refusal', () => {
    const rule: RewriteRule<'relu', Relu> = {
      name: 'late',
      description: '',
      anchor: 'relu',
      match: (n) => n,
      check: () => undefined,
      rewrite: () => 'parameter data missing',
    };
    const run = runPass(rulePass(rule), moduleOf(graphOf(NET)));
    expect(run.notes.map((n) => `${n.site} ${n.fired} ${n.reason}`)).toEqual(['a false parameter data missing', 'b false parameter data missing']);
  });

  it('a pass that mutates its input fails under freezing', () => {
    const mutating = rulePass({
      ...doubleRelu(false),
      rewrite: ({ first, second }) => {
        (first.outputs as string[]).push('oops');
        return { replacement: first, absorbed: [second], note: '' };
      },
    });
    expect(() => runPass(mutating, moduleOf(graphOf(NET)))).toThrow(TypeError);
  });
});

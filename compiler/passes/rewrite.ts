/**
 * A small rewrite engine, after onnxscript's rewriter: a rule is an anchor op, a match that finds
 * its pattern around an anchor node, a check that returns the reason it refuses (or nothing), and a
 * rewrite. The engine, not the rule, writes the `--explain` note of every candidate: fired with what
 * the rewrite says it did, or not fired with the check's reason. Rules stay pure; `rulePass` makes
 * a pipeline Pass of one, which returns `{module, changed}` like every other pass.
 */
import type { IRNode, NodeOf, OpName } from '../ir/graph.js';
import { indexGraph, type GraphIndex } from './graph-index.js';
import { unchanged, type IRModule, type Pass, type PassContext, type WeightTable } from './pass.js';
import { absorbReaders } from './rewire.js';

/** What a rule sees of the module while matching and checking. */
export interface RuleView {
  readonly index: GraphIndex;
  readonly weights: WeightTable;
}

/** A rule's rewrite of one site: the anchor's replacement absorbs the readers listed, with new parameter data. */
export interface Rewrite {
  /** The node that takes the anchor's place (it writes the last absorbed reader's outputs). */
  readonly replacement: IRNode;
  /** Readers of the anchor that leave the graph (their work is now in the replacement). */
  readonly absorbed: readonly IRNode[];
  /** New parameter data by name (folded weights). */
  readonly weights?: ReadonlyMap<string, Float32Array>;
  /** The explain note's reason: what was done (`folded bn1`). */
  readonly note: string;
}

export interface RewriteRule<K extends OpName, M> {
  readonly name: string;
  /** One line, shown by `vnetc passes`. */
  readonly description: string;
  /** The op every match starts from. */
  readonly anchor: K;
  /** The pattern around `node`, or undefined when the node is not a candidate at all (no note). */
  match(node: NodeOf<K>, view: RuleView): M | undefined;
  /** Why this match may not be rewritten, or undefined when it may. */
  check(match: M, view: RuleView): string | undefined;
  /** The rewrite of a checked match; a string is a reason found only now (missing data), recorded like a check's. */
  rewrite(match: M, view: RuleView): Rewrite | string;
}

/** One pipeline pass that applies `rule` at every candidate site of the graph. */
export function rulePass<K extends OpName, M>(rule: RewriteRule<K, M>): Pass {
  return {
    name: rule.name,
    description: rule.description,
    run(module: IRModule, ctx: PassContext) {
      const view: RuleView = { index: indexGraph(module.graph), weights: module.weights };
      const merged = new Map<IRNode, IRNode>();
      const absorbed = new Set<IRNode>();
      const weights = new Map(module.weights);
      for (const node of module.graph.nodes) {
        if (node.op !== rule.anchor) continue;
        const match = rule.match(node as NodeOf<K>, view);
        if (match === undefined) continue;
        const note = { pass: rule.name, site: node.name, span: node.span };
        const refused = rule.check(match, view);
        const done = refused === undefined ? rule.rewrite(match, view) : refused;
        if (typeof done === 'string') {
          ctx.explain({ ...note, fired: false, reason: done });
          continue;
        }
        merged.set(node, done.replacement);
        for (const reader of done.absorbed) absorbed.add(reader);
        for (const [name, data] of done.weights ?? []) weights.set(name, data);
        ctx.explain({ ...note, fired: true, reason: done.note });
      }
      if (merged.size === 0) return unchanged(module);
      const graph = absorbReaders(module.graph, merged, absorbed);
      return { module: { graph, weights: withoutUnused(weights, graph.nodes) }, changed: true };
    },
  };
}

/** Parameter data that no node reads any more leaves the table. */
function withoutUnused(weights: Map<string, Float32Array>, nodes: readonly IRNode[]): WeightTable {
  const used = new Set(nodes.flatMap((n) => Object.values(n.params).map((p) => p.name)));
  for (const name of [...weights.keys()]) if (!used.has(name)) weights.delete(name);
  return weights;
}

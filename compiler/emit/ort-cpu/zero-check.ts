import type { IGraphProto, INodeProto, ITensorProto } from '../proto.js';

/** The nodes of a check, and the name of the float zero they end in. */
export interface ZeroCheck {
  /** Names the first output's value before the check is added: `<output>/before_<label>`. */
  readonly label: string;
  readonly nodes: readonly INodeProto[];
  readonly initializers: readonly ITensorProto[];
  readonly zero: string;
}

/**
 * The graph with a check that onnxruntime must run (and may fold when it loads the model): the check's
 * nodes end in a float zero, added to the first output (x + 0 is x), so a check that fails makes
 * onnxruntime refuse the model with an error naming the failing node.
 */
export function withZeroCheck(graph: IGraphProto, prefix: string, check: ZeroCheck): IGraphProto {
  const output = graph.output?.[0]?.name;
  if (!output) return graph;
  const unchecked = `${output}/before_${check.label}`;
  const rename = (names: readonly string[] | null | undefined) => (names ?? []).map((n) => (n === output ? unchecked : n));
  const nodes: INodeProto[] = (graph.node ?? []).map((n) => ({ ...n, input: rename(n.input), output: rename(n.output) }));
  const add: INodeProto = { opType: 'Add', input: [unchecked, check.zero], output: [output], name: `${prefix}/add` };
  return { ...graph, node: [...nodes, ...check.nodes, add], initializer: [...(graph.initializer ?? []), ...check.initializers] };
}

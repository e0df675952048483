import type { IGraphProto, ITensorProto, IValueInfoProto } from './proto.js';
import { emitNode, type PendingNode } from './node.js';

export interface GraphParts {
  readonly name: string;
  readonly nodes: readonly PendingNode[];
  readonly inputs: readonly IValueInfoProto[];
  readonly outputs: readonly IValueInfoProto[];
  readonly initializers: readonly ITensorProto[];
  /** Shapes of intermediate values, for viewers and shape-inference cross-checks. */
  readonly valueInfo: readonly IValueInfoProto[];
}

export function emitGraph(parts: GraphParts): IGraphProto {
  return {
    name: parts.name,
    node: parts.nodes.map(emitNode),
    input: [...parts.inputs],
    output: [...parts.outputs],
    initializer: [...parts.initializers],
    valueInfo: [...parts.valueInfo],
  };
}

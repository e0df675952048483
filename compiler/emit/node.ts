import type { OnnxAttr } from './lower/context.js';
import { emitAttribute } from './attribute.js';
import type { INodeProto } from './proto.js';

/** One ONNX node as the builder collects it, before it becomes a NodeProto. */
export interface PendingNode {
  name: string;
  readonly opType: string;
  readonly domain: string;
  inputs: string[];
  outputs: string[];
  readonly attrs: Readonly<Record<string, OnnxAttr>>;
  /** The `.vnet` location (`file:line:col`) of the IR node it lowers. */
  readonly docString: string;
}

export function emitNode(node: PendingNode): INodeProto {
  return {
    name: node.name,
    opType: node.opType,
    ...(node.domain ? { domain: node.domain } : {}),
    input: [...node.inputs],
    output: [...node.outputs],
    attribute: Object.entries(node.attrs).map(([name, value]) => emitAttribute(name, value)),
    docString: node.docString,
  };
}

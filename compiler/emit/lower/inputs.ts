import type { IRNode, IRParam } from '../../ir/graph.js';
import type { LowerContext } from './context.js';

/** What the helpers read of a node (also fits ops that passes add before graph.ts lists them). */
export type NodeLike = Pick<IRNode, 'name' | 'inputs' | 'outputs' | 'params'> & { readonly op: string };

/** The ONNX name of the node's `index`-th input (the IR guarantees arity; this guards the emitter). */
export function inputName(node: NodeLike, ctx: LowerContext, index = 0): string {
  const id = node.inputs[index];
  if (id === undefined) throw new Error(`${node.op} '${node.name}' has no input ${index}`);
  return ctx.value(id);
}

/** The IR value of the node's `index`-th input. */
export function inputValue(node: NodeLike, ctx: LowerContext, index = 0) {
  const id = node.inputs[index];
  const value = id === undefined ? undefined : ctx.graph.values[id];
  if (!value) throw new Error(`${node.op} '${node.name}' has no input ${index}`);
  return value;
}

/** The IR value of the node's `index`-th output. */
export function outputValue(node: NodeLike, ctx: LowerContext, index = 0) {
  const id = node.outputs[index];
  const value = id === undefined ? undefined : ctx.graph.values[id];
  if (!value) throw new Error(`${node.op} '${node.name}' has no output ${index}`);
  return value;
}

export function requiredParam(node: NodeLike, role: string): IRParam {
  const p = node.params[role];
  if (!p) throw new Error(`${node.op} '${node.name}' has no '${role}' parameter`);
  return p;
}

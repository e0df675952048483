import type { IRNode, IRParam } from '../../ir/graph.js';
import type { LowerContext } from './context.js';

/** The ONNX name of the node's `index`-th input (the IR guarantees arity; this guards the emitter). */
export function inputName(node: IRNode, ctx: LowerContext, index = 0): string {
  const id = node.inputs[index];
  if (id === undefined) throw new Error(`${node.op} '${node.name}' has no input ${index}`);
  return ctx.value(id);
}

/** The IR value of the node's `index`-th input. */
export function inputValue(node: IRNode, ctx: LowerContext, index = 0) {
  const id = node.inputs[index];
  const value = id === undefined ? undefined : ctx.graph.values[id];
  if (!value) throw new Error(`${node.op} '${node.name}' has no input ${index}`);
  return value;
}

/** The IR value of the node's `index`-th output. */
export function outputValue(node: IRNode, ctx: LowerContext, index = 0) {
  const id = node.outputs[index];
  const value = id === undefined ? undefined : ctx.graph.values[id];
  if (!value) throw new Error(`${node.op} '${node.name}' has no output ${index}`);
  return value;
}

export function requiredParam(node: IRNode, role: string): IRParam {
  const p = node.params[role];
  if (!p) throw new Error(`${node.op} '${node.name}' has no '${role}' parameter`);
  return p;
}

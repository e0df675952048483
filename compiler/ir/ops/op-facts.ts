/**
 * The tables passes and online compilation use, derived from the facts each op states in its rule
 * (schema.ts `OpFacts`). Nothing here names an op: a new op's facts reach every table by themselves.
 */
import type { IRNode, OpAttrs, OpName } from '../graph.js';
import { irRules } from './index.js';
import type { Int8Fact, IROpRule, OpFacts, TimeFact } from './schema.js';

function factsOf(op: string): OpFacts<OpName> | undefined {
  return (irRules as Partial<Record<string, IROpRule<OpName>>>)[op]?.facts;
}

/** How `node` treats frames, or undefined for an op vnet has no rule for (callers must refuse it). */
export function timeFact(node: IRNode): TimeFact | undefined {
  const time = factsOf(node.op)?.time;
  return typeof time === 'function' ? (time as (attrs: OpAttrs[OpName]) => TimeFact)(node.attrs) : time;
}

/** A channel group of the output is computed from the same group of the first input, frame by frame. */
export function computesChannelsApart(node: IRNode): boolean {
  return factsOf(node.op)?.channels === 'independent' && timeFact(node)?.kind === 'per-frame';
}

/** Every operand of the output's shape splits into the same channel groups as the output (`add`). */
export function splitsOperandsAlike(node: IRNode): boolean {
  return factsOf(node.op)?.channels === 'elementwise' && timeFact(node)?.kind === 'per-frame';
}

/** Ops that may stand between a temporal shift and the convolution it is fused into. */
export const BETWEEN_SHIFT_AND_CONV: ReadonlySet<string> = new Set(
  Object.entries(irRules).flatMap(([op, rule]) => (rule.facts.betweenShiftAndConv ? [op] : [])),
);

/** ONNX operators that compute the same numbers on onnxruntime's NCHWc blocked data, by what the ops lowering to them state. */
export const BLOCKED_ONNX_OPS: ReadonlySet<string> = new Set(Object.values(irRules).flatMap((rule) => rule.facts.blockedOnnxOps));

/** What the op becomes in an int8 model (schema.ts Int8Fact); an op that states nothing stays float. */
export function int8Fact(node: IRNode): Int8Fact {
  return factsOf(node.op)?.int8 ?? { kind: 'float', why: `${node.op} has no uint8 form` };
}

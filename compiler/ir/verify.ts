/**
 * The IR verifier, run between passes: nodes in topological order, every input defined before use,
 * unique node names, value ids and parameter names, and every output's shape, time axis and token
 * layout equal to what the op's shape rule gives. Returns problems as text (an invalid graph is a
 * compiler bug, not a user's mistake).
 */
import { shapeEquals, shapeToString } from './dim.js';
import type { IRGraph, IRNode, IRValue, OpName, TimeAxis, TokenLayout } from './graph.js';
import { irRules } from './ops/index.js';
import type { IROpRule } from './ops/schema.js';
import { tokensConsistent } from './ops/tokens.js';

function sameTime(a: TimeAxis | undefined, b: TimeAxis | undefined): boolean {
  return a === b || (!!a && !!b && a.length === b.length && a.form === b.form && a.axis === b.axis);
}

function sameTokens(a: TokenLayout | undefined, b: TokenLayout | undefined): boolean {
  return a === b || (!!a && !!b && a.cls === b.cls && a.frames === b.frames && a.height === b.height && a.width === b.width && !a.sequence === !b.sequence);
}

function checkShape(node: IRNode, graph: IRGraph, inputs: readonly IRValue[], problems: string[]): void {
  const rule = irRules[node.op as OpName] as IROpRule<OpName> | undefined;
  if (!rule) {
    problems.push(`${node.name}: no shape rule for op '${node.op}'`);
    return;
  }
  const out = graph.values[node.outputs[0] ?? ''];
  if (!out) return;
  const inferred = rule.infer(node.attrs as never, inputs);
  if (typeof inferred === 'string') {
    problems.push(`${node.name}: ${node.op} shape rule fails: ${inferred}`);
    return;
  }
  if (!shapeEquals(inferred.shape, out.shape)) {
    problems.push(`${node.name}: output is ${shapeToString(out.shape)} but ${node.op} gives ${shapeToString(inferred.shape)}`);
  }
  if (!sameTime(inferred.time, out.time)) problems.push(`${node.name}: output time axis differs from the shape rule's`);
  if (!sameTokens(inferred.tokens, out.tokens)) problems.push(`${node.name}: output token layout differs from the shape rule's`);
}

export function verifyGraph(graph: IRGraph): string[] {
  const problems: string[] = [];
  const defined = new Set<string>();
  const names = new Set<string>();
  const params = new Map<string, string>();
  for (const id of graph.inputs) {
    if (!graph.values[id]) problems.push(`input '${id}' has no value`);
    defined.add(id);
  }
  for (const node of graph.nodes) {
    if (names.has(node.name)) problems.push(`node name '${node.name}' is used twice`);
    names.add(node.name);
    const inputs: IRValue[] = [];
    for (const id of node.inputs) {
      const v = graph.values[id];
      if (!defined.has(id) || !v) problems.push(`${node.name}: input '${id}' is not defined before use`);
      else inputs.push(v);
    }
    for (const id of node.outputs) {
      if (defined.has(id)) problems.push(`${node.name}: value '${id}' is defined twice`);
      if (!graph.values[id]) problems.push(`${node.name}: output '${id}' has no value`);
      defined.add(id);
      const v = graph.values[id];
      if (v && !tokensConsistent(v)) problems.push(`${node.name}: output shape does not fit its token layout`);
    }
    for (const p of Object.values(node.params)) {
      const owner = params.get(p.name);
      if (owner !== undefined && owner !== node.name) problems.push(`parameter '${p.name}' belongs to '${owner}' and '${node.name}'`);
      params.set(p.name, node.name);
    }
    if (inputs.length === node.inputs.length) checkShape(node, graph, inputs, problems);
  }
  for (const id of graph.outputs) if (!defined.has(id)) problems.push(`output '${id}' is never defined`);
  return problems;
}

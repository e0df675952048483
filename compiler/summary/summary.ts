/**
 * `vnetc summary`'s numbers: one row per IR node (path name, op, output shape, learned parameters,
 * multiply-accumulates per sample with N = 1), and the totals. Parameter counts leave out buffers
 * (batchnorm's running statistics), as torchvision's count does; MACs come from each op's own rule.
 */
import { shapeToString } from '../ir/dim.js';
import type { IRGraph, IRNode, IRValue, OpName } from '../ir/graph.js';
import { irRules } from '../ir/ops/index.js';
import type { IROpRule } from '../ir/ops/schema.js';

export interface SummaryRow {
  readonly name: string;
  readonly op: string;
  readonly shape: string;
  readonly params: number;
  readonly macs: number;
}

export interface Summary {
  readonly network: string;
  readonly input: string;
  readonly rows: readonly SummaryRow[];
  readonly totalParams: number;
  /** Buffers (running statistics): stored in the weights, not learned. */
  readonly totalBuffers: number;
  readonly totalMacs: number;
}

function ruleOf(node: IRNode): IROpRule<OpName> | undefined {
  return irRules[node.op as OpName] as IROpRule<OpName> | undefined;
}

export function nodeParams(node: IRNode): { params: number; buffers: number } {
  const buffers = ruleOf(node)?.buffers ?? [];
  let params = 0;
  let held = 0;
  for (const [role, p] of Object.entries(node.params)) {
    const n = p.shape.reduce((a, b) => a * b, 1);
    if (buffers.includes(role)) held += n;
    else params += n;
  }
  return { params, buffers: held };
}

export function nodeMacs(node: IRNode, graph: IRGraph): number {
  const rule = ruleOf(node);
  const output = graph.values[node.outputs[0] ?? ''];
  if (!rule?.macs || !output) return 0;
  const inputs = node.inputs.map((i) => graph.values[i]).filter((v): v is IRValue => v !== undefined);
  return rule.macs(node as never, inputs, output);
}

export function summarize(graph: IRGraph): Summary {
  let totalParams = 0;
  let totalBuffers = 0;
  let totalMacs = 0;
  const rows = graph.nodes.map((node) => {
    const { params, buffers } = nodeParams(node);
    const macs = nodeMacs(node, graph);
    totalParams += params;
    totalBuffers += buffers;
    totalMacs += macs;
    const out = graph.values[node.outputs[0] ?? ''];
    return { name: node.name, op: node.op, shape: out ? shapeToString(out.shape) : '?', params, macs };
  });
  const input = graph.inputs.map((i) => `${i}: ${graph.values[i] ? shapeToString(graph.values[i].shape) : '?'}`).join(', ');
  return { network: graph.name, input, rows, totalParams, totalBuffers, totalMacs };
}

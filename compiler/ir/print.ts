/**
 * A human-readable dump of an IRGraph, one line per node:
 *   %layer1.0.conv1 = conv(%maxpool_0) k=[1, 1] ... : f32[8*N, 64, 56, 56] {weight [64, 64, 1, 1]}
 * Used by `vnetc compile --dump-ir` and in test failure messages.
 */
import { dimToString, shapeToString } from './dim.js';
import type { IRGraph, IRNode, IRValue } from './graph.js';

function showValue(v: IRValue | undefined): string {
  if (!v) return '?';
  const extras: string[] = [];
  if (v.time) extras.push(v.time.form === 'merged' ? `time=merged(${v.time.length})` : `time=axis${v.time.axis}(${v.time.length})`);
  if (v.tokens) extras.push(`tokens=${v.tokens.cls}(${v.tokens.frames}x${v.tokens.height}x${v.tokens.width})`);
  return `${v.dtype}${shapeToString(v.shape)}${extras.length > 0 ? ` ${extras.join(' ')}` : ''}`;
}

function showAttr(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(showAttr).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    if ('factor' in v && 'symbols' in v) return dimToString(v as { factor: number; symbols: string[] });
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}: ${showAttr(x)}`)
      .join(', ')}}`;
  }
  return String(v);
}

export function printNode(node: IRNode, graph: IRGraph): string {
  const attrs = Object.entries(node.attrs as Record<string, unknown>).map(([k, v]) => `${k}=${showAttr(v)}`);
  const params = Object.values(node.params).map((p) => `${p.name} [${p.shape.join(', ')}]`);
  const outs = node.outputs.map((o) => `%${o}`).join(', ');
  const type = node.outputs.map((o) => showValue(graph.values[o])).join(', ');
  return [
    `${outs} = ${node.op}(${node.inputs.map((i) => `%${i}`).join(', ')})`,
    attrs.length > 0 ? ` ${attrs.join(' ')}` : '',
    ` : ${type}`,
    params.length > 0 ? ` {${params.join(', ')}}` : '',
  ].join('');
}

export function printGraph(graph: IRGraph): string {
  const lines = [`network ${graph.name}(${graph.inputs.map((i) => `%${i}: ${showValue(graph.values[i])}`).join(', ')})`];
  const constants = Object.entries(graph.constants);
  if (constants.length > 0) lines.push(`  constants ${constants.map(([k, v]) => `${k}=${v}`).join(' ')}`);
  for (const node of graph.nodes) lines.push(`  ${printNode(node, graph)}`);
  lines.push(`  return ${graph.outputs.map((o) => `%${o}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Hover: for a call, its output shape under the current constants, the parameters and MACs it adds
 * (as `vnetc summary` counts them), the checkpoint names of its parameters, and the op's one-line doc;
 * for a call that did not check, the shapes it received and the problem reported on it; for a value,
 * its shape; for a constant, its value; for a network, its totals.
 */
import type { Hover, Position } from 'vscode-languageserver';
import { blockSignature, opSignature } from '../compiler/check/signatures.js';
import { printExpr } from '../dsl/print-expr.js';
import { importPath } from '../compiler/check/load-program.js';
import type { Observed } from '../compiler/check/observe.js';
import { surfaceOps } from '../compiler/ir/ops/index.js';
import { groupDigits, humanCount } from '../compiler/summary/format.js';
import { summarize } from '../compiler/summary/summary.js';
import type { CallExpr, ConstDecl, NetworkDecl } from '../dsl/ast.js';
import { type At, at, globalNamed } from './at.js';
import { latestBinding, targetAt } from './find.js';
import { opDocLine } from './op-docs.js';
import { contains, rangeOf } from './positions.js';
import { receivedBy } from './received.js';
import { distinctTypes, layerCost, observedAt, typeText } from './shapes.js';
import type { Workspace } from './workspace.js';

/** Checkpoint names listed before "and N more". */
const MAX_NAMES = 8;

export function hover(ws: Workspace, uri: string, position: Position): Hover | null {
  const here = at(ws, uri, position);
  if (!here) return null;
  const target = targetAt(here.file, here.offset);
  if (!target) return null;
  switch (target.kind) {
    case 'call':
      return markdown(callHover(here, target.call), rangeOf(target.on === 'callee' ? target.call.callee.span : (target.call.label?.span ?? target.call.span)));
    case 'binding': {
      const seen = observedAt(here.analyses, target.name.span, ['binding', 'param']);
      return seen.length > 0 ? markdown(`\`${target.name.name}\`: ${typesLine(seen)}`, rangeOf(target.name.span)) : null;
    }
    case 'name': {
      const binding = target.decl ? latestBinding(target.decl, target.ref.name, here.offset) : undefined;
      if (binding) {
        const seen = observedAt(here.analyses, binding.span, ['binding', 'param']);
        return seen.length > 0 ? markdown(`\`${target.ref.name}\`: ${typesLine(seen)}`, rangeOf(target.ref.span)) : null;
      }
      const global = globalNamed(here, target.ref.name);
      return global?.kind === 'const' ? markdown(constHover(here, global.decl), rangeOf(target.ref.span)) : null;
    }
    case 'item': {
      const item = target.item;
      const text = item.kind === 'ConstDecl' ? constHover(here, item) : item.kind === 'BlockDecl' ? code(blockSignature(item)) : networkHover(here, item);
      return markdown(text, rangeOf(item.name.span));
    }
    case 'import': {
      const resolved = importPath(here.path, target.item);
      const loaded = here.analyses.some((a) => a.result.program.modules.has(resolved));
      return markdown(`\`${resolved}\`${loaded ? '' : ' (not loaded)'}`, rangeOf(target.item.pathSpan));
    }
  }
}

function callHover(here: At, call: CallExpr): string {
  const name = call.callee.name;
  const global = globalNamed(here, name);
  const op = surfaceOps.get(name);
  const lines: string[] = [];
  if (global?.kind === 'block') lines.push(code(`block ${blockSignature(global.decl)}`));
  else if (op) lines.push(code(opSignature(op)));
  const seen = observedAt(here.analyses, call.span, ['call']);
  if (seen.length > 0) {
    lines.push(`output: ${typesLine(seen)}`);
    lines.push(...costLines(seen[0] as Observed, seen.length));
  } else {
    lines.push(...failedLines(here, call));
  }
  const doc = op && !global ? opDocLine(name) : undefined;
  if (doc) lines.push(doc);
  return lines.join('\n\n');
}

/** A call with no output: what it received (piped in, and its tensor arguments) and the problem reported on it. */
function failedLines(here: At, call: CallExpr): string[] {
  const lines = receivedBy(here, call).map((r) => (r.what === 'input' ? `piped in: ${typesLine(r.seen)}` : `argument \`${r.what}\`: ${typesLine(r.seen)}`));
  const problem = here.analyses
    .flatMap((a) => a.result.diagnostics)
    .find((d) => d.severity === 'error' && d.span?.file === call.span.file && contains(call.span, d.span.start));
  if (problem) lines.push(`did not check: ${problem.code} ${problem.message}`);
  else if (lines.length === 0) lines.push('_output shape unknown: no checked network reaches this call_');
  else lines.push('_no output: the call did not check_');
  return lines;
}

function costLines(first: Observed, calls: number): string[] {
  const cost = layerCost(first);
  const per = calls > 1 ? ` (the first of ${calls} uses)` : '';
  const lines = [`params ${groupDigits(cost.params)} · MACs ${humanCount(cost.macs)} per sample${per}`];
  if (cost.names.length > 0) {
    const shown = cost.names.slice(0, MAX_NAMES).map((n) => `- \`${n.name}\` [${n.shape.join(', ')}]`);
    if (cost.names.length > MAX_NAMES) shown.push(`- ... and ${cost.names.length - MAX_NAMES} more`);
    lines.push(`checkpoint names${calls > 1 ? ' (first use)' : ''}:\n${shown.join('\n')}`);
  }
  return lines;
}

function typesLine(seen: readonly Observed[]): string {
  const types = distinctTypes(seen);
  if (types.length === 1) return `\`${types[0]?.text}\``;
  return types.map((t) => `\`${t.text}\` (x${t.count})`).join(', ');
}

function constHover(here: At, decl: ConstDecl): string {
  const value = here.analyses[0]?.result.graphs.find((g) => decl.name.name in g.constants)?.constants[decl.name.name];
  const written = `const ${decl.name.name} = ${printExpr(decl.value)}`;
  return code(written) + (value !== undefined && String(value) !== printExpr(decl.value) ? `\n\nvalue: \`${String(value)}\`` : '');
}

function networkHover(here: At, decl: NetworkDecl): string {
  const graph = here.analyses.flatMap((a) => a.result.graphs).find((g) => g.name === decl.name.name);
  const lines = [code(`network ${decl.name.name}(${decl.params.map((p) => p.name.name).join(', ')})`)];
  if (graph) {
    const s = summarize(graph);
    const out = graph.outputs.map((o) => graph.values[o]).filter((v) => v !== undefined);
    lines.push(`input: \`${s.input}\``, `output: ${out.map((v) => `\`${typeText(v)}\``).join(', ')}`);
    lines.push(`params ${groupDigits(s.totalParams)} · MACs ${humanCount(s.totalMacs)} per sample`);
  }
  return lines.join('\n\n');
}

function code(text: string): string {
  return '```vnet\n' + text + '\n```';
}

function markdown(value: string, range: Hover['range']): Hover {
  return { contents: { kind: 'markdown', value }, ...(range ? { range } : {}) };
}

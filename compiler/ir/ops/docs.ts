/**
 * The operations table of docs/language.md, generated from the op registry (each op's `doc` and its
 * argument schema), so the reference, the checker and the editor say the same thing. `npm run gen:op-doc`
 * writes it between the markers; a test fails when it is stale.
 */
import { opSignature } from '../../check/signatures.js';
import { type GeneratedSection, withSection } from '../../generated-section.js';
import { surfaceOps } from './index.js';
import type { OpDoc, SurfaceOp } from './schema.js';

export const OP_TABLE: GeneratedSection = {
  begin: '<!-- operations table: generated from compiler/ir/ops by `npm run gen:op-doc`; do not edit -->',
  end: '<!-- end of the operations table -->',
  command: 'npm run gen:op-doc',
};

/** The table: one row per doc, so ops that share one (conv1d/conv2d/conv3d, silu/swish) share a row. */
export function opTableMarkdown(ops: Iterable<SurfaceOp> = surfaceOps.values()): string {
  const rows = new Map<OpDoc, SurfaceOp[]>();
  for (const op of ops) rows.set(op.doc, [...(rows.get(op.doc) ?? []), op]);
  const lines = ['| operation | input -> output | parameters (names) | notes |', '|---|---|---|---|'];
  for (const [doc, named] of rows)
    lines.push(`| ${[callCell(named), doc.shapes, doc.params ?? '', doc.text].map(cell).join(' | ')} |`.replace(/\| {2}\|/g, '| |'));
  return lines.join('\n');
}

/** `docs/language.md` with its operations table replaced by the generated one. */
export function withOpTable(markdown: string): string {
  return withSection(markdown, OP_TABLE, opTableMarkdown());
}

/** `conv1d/conv2d/conv3d(out, k, ...)`: names joined when their arguments agree; `relu` without `()`. */
function callCell(ops: readonly SurfaceOp[]): string {
  const signatures = ops.map((op) => ({ name: op.name, args: opSignature(op).slice(op.name.length) }));
  const args = signatures[0]?.args ?? '';
  const calls = signatures.every((s) => s.args === args) ? [`${signatures.map((s) => s.name).join('/')}${args}`] : signatures.map((s) => `${s.name}${s.args}`);
  return calls.map((c) => `\`${c.replace(/\(\)$/, '')}\``).join(', ');
}

/** A table cell: GitHub ends a cell at any unescaped `|`, inside code too. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** Document symbols: constants, blocks and networks, with their parameters and `let`s as children. */
import { type DocumentSymbol, SymbolKind } from 'vscode-languageserver';
import { blockSignature } from '../compiler/check/signatures.js';
import { printExpr } from '../dsl/print-expr.js';
import type { File } from '../dsl/ast.js';
import { bindingsOf } from './find.js';
import { rangeOf } from './positions.js';

export function documentSymbols(file: File): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const item of file.items) {
    if (item.kind === 'ImportDecl') continue;
    const base = { name: item.name.name, range: rangeOf(item.span), selectionRange: rangeOf(item.name.span) };
    if (item.kind === 'ConstDecl') {
      out.push({ ...base, kind: SymbolKind.Constant, detail: printExpr(item.value) });
      continue;
    }
    const seen = new Set<string>();
    const children: DocumentSymbol[] = [];
    for (const b of bindingsOf(item)) {
      if (seen.has(b.name)) continue;
      seen.add(b.name);
      children.push({ name: b.name, kind: SymbolKind.Variable, range: rangeOf(b.span), selectionRange: rangeOf(b.span) });
    }
    const detail = item.kind === 'BlockDecl' ? blockSignature(item) : `network ${item.name.name}`;
    out.push({ ...base, kind: item.kind === 'BlockDecl' ? SymbolKind.Function : SymbolKind.Class, detail, children });
  }
  return out;
}

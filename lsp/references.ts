/**
 * Find references: every use of a block, constant or network in the files around, inside the project
 * (a use counts when that file's scope resolves the name to the same definition and no local of the
 * same name hides it), or every use of a local within its body.
 */
import type { Location, Position } from 'vscode-languageserver';
import { walkItem } from '../compiler/check/walk.js';
import type { Span } from '../base/span.js';
import { at } from './at.js';
import { bindingsOf, localDefinition } from './find.js';
import { rangeOf } from './positions.js';
import { filesAround } from './programs.js';
import { type SymbolAt, symbolAt } from './symbol-at.js';
import type { Workspace } from './workspace.js';

export function references(ws: Workspace, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const here = at(ws, uri, position);
  if (!here) return [];
  const symbol = symbolAt(here);
  if (!symbol) return [];
  return referenceSpans(ws, symbol, includeDeclaration, here.path).map((s) => ({ uri: ws.uriOf(s.file), range: rangeOf(s) }));
}

export function referenceSpans(ws: Workspace, symbol: SymbolAt, includeDeclaration: boolean, path: string): Span[] {
  if (symbol.kind === 'import') return [];
  if (symbol.kind === 'local') return localSpans(symbol, includeDeclaration).filter((s) => s.file === path);
  const name = symbol.decl.name.name;
  const defined = symbol.decl.name.span;
  // Only files of the project the search started in (as `vnetc check` bounds imports): never an edit outside.
  const root = ws.projectRoot(path);
  const spans: Span[] = includeDeclaration && ws.inside(root, symbol.file) ? [defined] : [];
  for (const [file, { module, scope }] of filesAround(ws, root)) {
    const sameDefinition = (): boolean => {
      if (file === symbol.file) return true;
      const g = scope?.globals.get(name);
      return g !== undefined && g.module.path === symbol.file && g.decl.name.span.start === defined.start;
    };
    if (!sameDefinition()) continue;
    for (const item of module.file.items) {
      if (item.kind === 'ImportDecl') continue;
      const hidden = item.kind !== 'ConstDecl' && localDefinition(item, name) !== undefined;
      walkItem(item, {
        expr(e) {
          if (e.kind === 'CallExpr' && e.callee.name === name) spans.push(e.callee.span);
          if (e.kind === 'NameRef' && e.name === name && !hidden) spans.push(e.span);
        },
      });
    }
  }
  return unique(spans);
}

/**
 * A local's bindings and uses within its block or network. A parameter is in scope in the whole
 * declaration (its signature's types included); a `let` from its first binding on, so a use of the
 * same name before it means the constant of that name.
 */
function localSpans(symbol: Extract<SymbolAt, { kind: 'local' }>, includeDeclaration: boolean): Span[] {
  const bindings = bindingsOf(symbol.decl).filter((b) => b.name === symbol.name);
  const isParam = symbol.decl.params.some((p) => p.name.name === symbol.name);
  const from = isParam ? -1 : (bindings[0]?.span.start ?? -1);
  const spans: Span[] = bindings.filter((b) => includeDeclaration || b !== symbol.definition).map((b) => b.span);
  walkItem(symbol.decl, { expr: (e) => void (e.kind === 'NameRef' && e.name === symbol.name && e.span.start > from && spans.push(e.span)) });
  return unique(spans);
}

function unique(spans: Span[]): Span[] {
  const seen = new Set<string>();
  return spans
    .filter((s) => {
      const key = `${s.file}:${s.start}:${s.end}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start));
}

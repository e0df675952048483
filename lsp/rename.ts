/**
 * Rename of blocks and constants (every reference across the files around, and the definition) and of
 * variables (`let` names, assignments, loop variables and parameters: every binding and use within
 * their block or network).
 */
import { type Position, type Range, ResponseError, ErrorCodes, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { walkItem } from '../compiler/check/walk.js';
import { surfaceOps } from '../compiler/ir/ops/index.js';
import { lex } from '../dsl/lexer.js';
import { Source } from '../base/source.js';
import * as tokens from '../dsl/tokens.js';
import { type At, at } from './at.js';
import { bindingsOf } from './find.js';
import { rangeOf } from './positions.js';
import { referenceSpans } from './references.js';
import { type SymbolAt, symbolAt } from './symbol-at.js';
import type { Workspace } from './workspace.js';

export function prepareRename(ws: Workspace, uri: string, position: Position): Range | null {
  const found = renamable(ws, uri, position);
  return found ? rangeOf(found.span) : null;
}

export function rename(ws: Workspace, uri: string, position: Position, newName: string): WorkspaceEdit {
  const found = renamable(ws, uri, position);
  if (!found) throw new ResponseError(ErrorCodes.InvalidRequest, 'only blocks, constants and variables can be renamed');
  const problem = badName(newName, found.symbol) ?? (found.symbol.kind === 'local' ? takenInBody(found.here, found.symbol, newName) : undefined);
  if (problem) throw new ResponseError(ErrorCodes.InvalidParams, problem);
  const changes: Record<string, TextEdit[]> = {};
  for (const span of referenceSpans(ws, found.symbol, true, found.path)) {
    const key = ws.uriOf(span.file);
    (changes[key] ??= []).push({ range: rangeOf(span), newText: newName });
  }
  return { changes };
}

function renamable(ws: Workspace, uri: string, position: Position) {
  const here = at(ws, uri, position);
  if (!here) return undefined;
  const symbol = symbolAt(here);
  if (!symbol || symbol.kind === 'import' || (symbol.kind === 'global' && symbol.decl.kind === 'NetworkDecl')) return undefined;
  const spans = referenceSpans(ws, symbol, true, here.path).filter((s) => s.file === here.path);
  const span = spans.find((s) => s.start <= here.offset && here.offset <= s.end);
  return span ? { symbol, span, path: here.path, here } : undefined;
}

/** Renaming a variable onto a name its body already uses (another variable, a dimension, a constant) would change what the body means. */
function takenInBody(here: At, symbol: Extract<SymbolAt, { kind: 'local' }>, name: string): string | undefined {
  if (name === symbol.name) return undefined;
  const used = new Set(bindingsOf(symbol.decl).map((b) => b.name));
  walkItem(symbol.decl, { expr: (e) => void (e.kind === 'NameRef' && used.add(e.name)) });
  if (used.has(name)) return `'${name}' is already a name in '${symbol.decl.name.name}'`;
  const global = here.scope?.globals.get(name);
  if (global) return `'${name}' is already a ${global.kind === 'const' ? 'constant' : 'block'}; a variable of that name would hide it`;
  return undefined;
}

function badName(name: string, symbol: SymbolAt): string | undefined {
  const lexed = lex(new Source('<rename>', name));
  const only = lexed.tokens[0];
  if (lexed.tokens.length !== 1 || lexed.diagnostics.length > 0 || only?.tokenType !== tokens.Identifier || only.image !== name) {
    return `'${name}' is not a name (a letter or _, then letters, digits or _; not a keyword)`;
  }
  if ((symbol.kind === 'local' || (symbol.kind === 'global' && symbol.decl.kind === 'BlockDecl')) && surfaceOps.has(name))
    return `'${name}' is a built-in operation`;
  return undefined;
}

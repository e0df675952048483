/** Rename of blocks and constants: every reference across the files around, and the definition. */
import { type Position, type Range, ResponseError, ErrorCodes, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { surfaceOps } from '../compiler/ir/ops/index.js';
import { lex } from '../dsl/lexer.js';
import { Source } from '../dsl/source.js';
import * as tokens from '../dsl/tokens.js';
import { at } from './at.js';
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
  if (!found) throw new ResponseError(ErrorCodes.InvalidRequest, 'only blocks and constants can be renamed');
  const problem = badName(newName, found.symbol);
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
  if (!symbol || symbol.kind !== 'global' || symbol.decl.kind === 'NetworkDecl') return undefined;
  const spans = referenceSpans(ws, symbol, true, here.path).filter((s) => s.file === here.path);
  const span = spans.find((s) => s.start <= here.offset && here.offset <= s.end);
  return span ? { symbol, span, path: here.path } : undefined;
}

function badName(name: string, symbol: SymbolAt): string | undefined {
  const lexed = lex(new Source('<rename>', name));
  const only = lexed.tokens[0];
  if (lexed.tokens.length !== 1 || lexed.diagnostics.length > 0 || only?.tokenType !== tokens.Identifier || only.image !== name) {
    return `'${name}' is not a name (a letter or _, then letters, digits or _; not a keyword)`;
  }
  if (symbol.kind === 'global' && symbol.decl.kind === 'BlockDecl' && surfaceOps.has(name)) return `'${name}' is a built-in operation`;
  return undefined;
}

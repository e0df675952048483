/**
 * What the cursor is on: a call (its callee or its `as` label), a name used in an expression, a name
 * being bound (`let`, assignment, parameter, loop variable), a top-level item's name, or an import path.
 * Read from the AST the parser built; nothing is re-parsed.
 */
import type { BlockDecl, CallExpr, ConstDecl, File, Identifier, ImportDecl, Item, NameRef, NetworkDecl, Stmt } from '../dsl/ast.js';
import { walkItem, walkStmts } from '../compiler/check/walk.js';
import { contains } from './positions.js';

export type Body = BlockDecl | NetworkDecl;

export type Target =
  | { readonly kind: 'call'; readonly call: CallExpr; readonly on: 'callee' | 'label'; readonly decl?: Body }
  | { readonly kind: 'name'; readonly ref: NameRef; readonly decl?: Body }
  | { readonly kind: 'binding'; readonly name: Identifier; readonly decl: Body }
  | { readonly kind: 'item'; readonly item: ConstDecl | BlockDecl | NetworkDecl }
  | { readonly kind: 'import'; readonly item: ImportDecl };

export function targetAt(file: File, offset: number): Target | undefined {
  for (const item of file.items) {
    if (!contains(item.span, offset)) continue;
    const found = inItem(item, offset);
    if (found) return found;
  }
  return undefined;
}

function inItem(item: Item, offset: number): Target | undefined {
  if (item.kind === 'ImportDecl') return contains(item.pathSpan, offset) ? { kind: 'import', item } : undefined;
  if (contains(item.name.span, offset)) return { kind: 'item', item };
  const decl = item.kind === 'ConstDecl' ? undefined : item;
  if (decl) {
    for (const p of decl.params) if (contains(p.name.span, offset)) return { kind: 'binding', name: p.name, decl };
    const bound = bindingAt(decl.body, offset);
    if (bound) return { kind: 'binding', name: bound, decl };
  }
  let best: Target | undefined;
  walkItem(item, {
    expr(e) {
      if (e.kind === 'NameRef' && contains(e.span, offset)) best = { kind: 'name', ref: e, ...(decl ? { decl } : {}) };
      if (e.kind !== 'CallExpr') return;
      if (contains(e.callee.span, offset)) best = { kind: 'call', call: e, on: 'callee', ...(decl ? { decl } : {}) };
      else if (e.label && contains(e.label.span, offset) && !inIndex(e, offset)) best = { kind: 'call', call: e, on: 'label', ...(decl ? { decl } : {}) };
    },
  });
  return best;
}

function inIndex(call: CallExpr, offset: number): boolean {
  return (call.label?.segments ?? []).some((s) => s.kind === 'IndexSegment' && contains(s.index.span, offset));
}

function bindingAt(body: readonly Stmt[], offset: number): Identifier | undefined {
  let found: Identifier | undefined;
  walkStmts(body, {
    stmt(s) {
      if ((s.kind === 'LetStmt' || s.kind === 'AssignStmt') && contains(s.name.span, offset)) found = s.name;
      if (s.kind === 'ForStmt' && contains(s.variable.span, offset)) found = s.variable;
    },
  });
  return found;
}

/** Every name a body binds (parameters, `let`s, assignments, loop variables), in source order. */
export function bindingsOf(decl: Body): Identifier[] {
  const out: Identifier[] = decl.params.map((p) => p.name);
  walkStmts(decl.body, {
    stmt(s) {
      if (s.kind === 'LetStmt' || s.kind === 'AssignStmt') out.push(s.name);
      if (s.kind === 'ForStmt') out.push(s.variable);
    },
  });
  return out;
}

/** The local definition a name at `offset` refers to: the first binding of it (its `let` or parameter). */
export function localDefinition(decl: Body, name: string): Identifier | undefined {
  return bindingsOf(decl).find((b) => b.name === name);
}

/** The binding that gave `name` its value at `offset`: the last one written before it. */
export function latestBinding(decl: Body, name: string, offset: number): Identifier | undefined {
  let found: Identifier | undefined;
  for (const b of bindingsOf(decl)) if (b.name === name && b.span.start < offset) found = b;
  return found;
}

/** Every call in a file (stages of pipelines included), in source order. */
export function callsOf(file: File): CallExpr[] {
  const out: CallExpr[] = [];
  for (const item of file.items) walkItem(item, { expr: (e) => void (e.kind === 'CallExpr' && out.push(e)) });
  return out;
}

/** Visits every expression and statement of a file (for the AST rules). */
import type { Expr, File, Item, Stmt, TypeRef } from '../../dsl/ast.js';

export interface Visitor {
  expr?(e: Expr): void;
  stmt?(s: Stmt): void;
}

export function walkFile(file: File, v: Visitor): void {
  for (const item of file.items) walkItem(item, v);
}

export function walkItem(item: Item, v: Visitor): void {
  switch (item.kind) {
    case 'ImportDecl':
      return;
    case 'ConstDecl':
      return walkExpr(item.value, v);
    case 'BlockDecl':
    case 'NetworkDecl':
      for (const p of item.params) {
        walkType(p.type, v);
        if (p.default) walkExpr(p.default, v);
      }
      if (item.returnType) walkType(item.returnType, v);
      walkStmts(item.body, v);
  }
}

function walkType(t: TypeRef, v: Visitor): void {
  if (t.kind === 'TensorTypeRef') for (const d of t.dims) walkExpr(d, v);
}

export function walkStmts(stmts: readonly Stmt[], v: Visitor): void {
  for (const s of stmts) {
    v.stmt?.(s);
    switch (s.kind) {
      case 'LetStmt':
      case 'AssignStmt':
      case 'ReturnStmt':
        walkExpr(s.value, v);
        break;
      case 'IfStmt':
        walkExpr(s.condition, v);
        walkStmts(s.then, v);
        if (s.else) walkStmts(s.else, v);
        break;
      case 'ForStmt':
        walkExpr(s.from, v);
        walkExpr(s.to, v);
        walkStmts(s.body, v);
        break;
      case 'PreprocessStmt':
        for (const setting of s.settings) walkExpr(setting.value, v);
        break;
    }
  }
}

export function walkExpr(e: Expr, v: Visitor): void {
  v.expr?.(e);
  switch (e.kind) {
    case 'TupleExpr':
      for (const x of e.elements) walkExpr(x, v);
      break;
    case 'UnaryExpr':
      walkExpr(e.operand, v);
      break;
    case 'BinaryExpr':
      walkExpr(e.left, v);
      walkExpr(e.right, v);
      break;
    case 'CallExpr':
      for (const a of e.args) walkExpr(a.value, v);
      for (const seg of e.label?.segments ?? []) if (seg.kind === 'IndexSegment') walkExpr(seg.index, v);
      break;
    case 'PipeExpr':
      walkExpr(e.head, v);
      for (const s of e.stages) walkExpr(s, v);
      break;
    default:
      break;
  }
}

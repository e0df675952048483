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

/**
 * Pre-order, children left to right, with an explicit stack: a `1 + 1 + ...` of thousands of terms
 * is a tree thousands of levels deep, and walking it must not use a native frame per level.
 */
export function walkExpr(root: Expr, v: Visitor): void {
  const stack: Expr[] = [root];
  for (let e = stack.pop(); e !== undefined; e = stack.pop()) {
    v.expr?.(e);
    const children = childrenOf(e);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/** The sub-expressions of `e`, in source order. */
function childrenOf(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'TupleExpr':
      return e.elements;
    case 'UnaryExpr':
      return [e.operand];
    case 'BinaryExpr':
      return [e.left, e.right];
    case 'CallExpr': {
      const indices = (e.label?.segments ?? []).flatMap((seg) => (seg.kind === 'IndexSegment' ? [seg.index] : []));
      return [...e.args.map((a) => a.value), ...indices];
    }
    case 'PipeExpr':
      return [e.head, ...e.stages];
    default:
      return [];
  }
}

/**
 * Expressions, types, calls and labels as canonical one-line text. Parentheses are added
 * exactly where precedence needs them (the AST has no parenthesis node), so
 * parse(print(e)) gives back e. Left-leaning operator chains and prefix-operator runs are
 * printed with loops, so a long `a + b + c + ...` cannot overflow the stack.
 */
import { assertNever, type CallExpr, type Expr, type LabelPath, type TypeRef } from './ast.js';
import { quoteString } from './string-literal.js';
import { BINARY_PRECEDENCE } from './precedence.js';

const PIPE = 0;
const UNARY = 6;
const PRIMARY = 7;

function precedence(e: Expr): number {
  switch (e.kind) {
    case 'PipeExpr':
      return PIPE;
    case 'BinaryExpr':
      return BINARY_PRECEDENCE[e.op];
    case 'UnaryExpr':
      return UNARY;
    default:
      return PRIMARY;
  }
}

/** `e` as text, in parentheses when it binds looser than `min`. */
export function printExpr(e: Expr, min = PIPE): string {
  const text = printBare(e);
  return precedence(e) < min ? `(${text})` : text;
}

function printBare(e: Expr): string {
  switch (e.kind) {
    case 'IntLiteral':
      return e.raw || String(e.value);
    case 'FloatLiteral':
      return e.raw || floatText(e.value);
    case 'StringLiteral':
      return quoteString(e.value);
    case 'BoolLiteral':
      return e.value ? 'true' : 'false';
    case 'NameRef':
      return e.name;
    case 'TupleExpr':
      return `(${e.elements.map((x) => printExpr(x)).join(', ')})`;
    case 'UnaryExpr':
      return printUnary(e);
    case 'BinaryExpr':
      return printBinary(e);
    case 'CallExpr':
      return printCall(e, false);
    case 'PipeExpr':
      return [printExpr(e.head, PIPE + 1), ...e.stages.map((s) => printCall(s, true))].join(' |> ');
    default:
      return assertNever(e, 'expression');
  }
}

function floatText(value: number): string {
  const text = String(value);
  return /[.eE]|Infinity|NaN/.test(text) ? text : `${text}.0`;
}

function printUnary(e: Expr & { kind: 'UnaryExpr' }): string {
  let ops = '';
  let operand: Expr = e;
  while (operand.kind === 'UnaryExpr') {
    ops += operand.op;
    operand = operand.operand;
  }
  return ops + printExpr(operand, UNARY);
}

/** Walks down the left spine of same-precedence operators, then prints left to right. */
function printBinary(e: Expr & { kind: 'BinaryExpr' }): string {
  const p = BINARY_PRECEDENCE[e.op];
  const spine: (Expr & { kind: 'BinaryExpr' })[] = [];
  let left: Expr = e;
  while (left.kind === 'BinaryExpr' && BINARY_PRECEDENCE[left.op] === p) {
    spine.push(left);
    left = left.left;
  }
  let text = printExpr(left, p);
  for (let i = spine.length - 1; i >= 0; i--) {
    const node = spine[i]!;
    text += ` ${node.op} ${printExpr(node.right, p + 1)}`;
  }
  return text;
}

/** A call; a pipeline stage written without parentheses (`|> relu`) stays without them. */
export function printCall(c: CallExpr, asStage: boolean): string {
  const args = c.args.map((a) => (a.name ? `${a.name.name}=${printExpr(a.value)}` : printExpr(a.value)));
  const parens = c.hasParens || !asStage || args.length > 0 ? `(${args.join(', ')})` : '';
  return `${c.callee.name}${parens}${c.label ? ` as ${printLabel(c.label)}` : ''}`;
}

export function printLabel(label: LabelPath): string {
  if (label.segments.length === 0) return '.';
  return label.segments.map((s, i) => (s.kind === 'IndexSegment' ? `[${printExpr(s.index)}]` : i === 0 ? s.name : `.${s.name}`)).join('');
}

export function printType(type: TypeRef): string {
  if (type.kind === 'ScalarTypeRef') return type.name;
  return `${type.dtype}[${type.dims.map((d) => printExpr(d)).join(', ')}]`;
}

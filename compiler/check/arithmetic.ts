/**
 * Arithmetic, comparison and logic on compile-time values. Integers stay exact: `/` that does not
 * divide gives a fraction (which a float consumer accepts and an int consumer rejects with both numbers);
 * symbolic dimensions multiply and divide exactly and compare for equality.
 */
import type { BinaryOp } from '../../dsl/ast.js';
import type { Span } from '../../base/span.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { DivisionByZero, InexactDivision, InvalidOperands, UnknownName } from '../../base/diagnostics/codes.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import { dimDiv, dimEquals, dimMul } from '../ir/dim.js';
import { operandProblem } from './operand-problem.js';
import { POISON, type Value, asDim, describe, dimValue, show } from './value.js';

export type Report = (d: Diagnostic) => void;

/** Reports an unbound bare name used as a value; true when `v` is one. */
export function reportUnbound(v: Value, report: Report): boolean {
  if (v.kind !== 'word' || !v.span) return false;
  const suggestion = v.suggest?.();
  report(diagnose(UnknownName, { name: v.value, ...(suggestion ? { suggestion } : {}) }, v.span));
  return true;
}

/**
 * Reports a value of the wrong kind with `wrongKind`, unless it already stands for a reported problem
 * (poison) or is an unbound name (reported as that instead): the one "expect a kind, else report" step.
 */
export function reportWrongKind(v: Value, report: Report, wrongKind: () => Diagnostic): void {
  if (v.kind !== 'poison' && !reportUnbound(v, report)) report(wrongKind());
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y) [x, y] = [y, x % y];
  return x || 1;
}

interface Rational {
  n: number;
  d: number;
}

function rational(v: Value): Rational | undefined {
  if (v.kind === 'int') return { n: v.value, d: 1 };
  if (v.kind === 'ratio') return { n: v.num, d: v.den };
  return undefined;
}

function fromRational(n: number, d: number): Value {
  const sign = d < 0 ? -1 : 1;
  const g = gcd(n, d);
  const num = (sign * n) / g;
  const den = (sign * d) / g;
  return den === 1 ? { kind: 'int', value: num } : { kind: 'ratio', num, den };
}

function compare(op: BinaryOp, a: number, b: number): Value | undefined {
  switch (op) {
    case '==':
      return { kind: 'bool', value: a === b };
    case '!=':
      return { kind: 'bool', value: a !== b };
    case '<':
      return { kind: 'bool', value: a < b };
    case '<=':
      return { kind: 'bool', value: a <= b };
    case '>':
      return { kind: 'bool', value: a > b };
    case '>=':
      return { kind: 'bool', value: a >= b };
    default:
      return undefined;
  }
}

function numeric(op: BinaryOp, l: Value, r: Value, span: Span, report: Report): Value | undefined {
  const cmp = (a: number, b: number) => compare(op, a, b);
  const lr = rational(l);
  const rr = rational(r);
  if (lr && rr) {
    const c = cmp(lr.n * rr.d, rr.n * lr.d);
    if (c) return c;
    switch (op) {
      case '+':
        return fromRational(lr.n * rr.d + rr.n * lr.d, lr.d * rr.d);
      case '-':
        return fromRational(lr.n * rr.d - rr.n * lr.d, lr.d * rr.d);
      case '*':
        return fromRational(lr.n * rr.n, lr.d * rr.d);
      case '/':
        if (rr.n === 0) return zero(l, span, report);
        if (l.kind === 'int' && r.kind === 'int' && l.value % r.value !== 0) return { kind: 'ratio', num: l.value, den: r.value };
        return fromRational(lr.n * rr.d, lr.d * rr.n);
      case '//':
      case '%': {
        if (rr.n === 0) return zero(l, span, report);
        const q = Math.floor((lr.n * rr.d) / (lr.d * rr.n));
        return op === '//' ? { kind: 'int', value: q } : fromRational(lr.n * rr.d - q * rr.n * lr.d, lr.d * rr.d);
      }
      default:
        return undefined;
    }
  }
  const a = l.kind === 'float' ? l.value : lr ? lr.n / lr.d : undefined;
  const b = r.kind === 'float' ? r.value : rr ? rr.n / rr.d : undefined;
  if (a === undefined || b === undefined) return undefined;
  const c = cmp(a, b);
  if (c) return c;
  switch (op) {
    case '+':
      return { kind: 'float', value: a + b };
    case '-':
      return { kind: 'float', value: a - b };
    case '*':
      return { kind: 'float', value: a * b };
    case '/':
      return b === 0 ? zero(l, span, report) : { kind: 'float', value: a / b };
    case '//':
      return b === 0 ? zero(l, span, report) : { kind: 'float', value: Math.floor(a / b) };
    case '%':
      return b === 0 ? zero(l, span, report) : { kind: 'float', value: a - Math.floor(a / b) * b };
    default:
      return undefined;
  }
}

function zero(l: Value, span: Span, report: Report): Value {
  report(diagnose(DivisionByZero, { left: show(l) }, span));
  return POISON;
}

/** `*`, `/`, `==`, `!=` where a symbolic dimension is involved. */
function symbolic(op: BinaryOp, l: Value, r: Value, span: Span, report: Report): Value | undefined {
  const a = asDim(l);
  const b = asDim(r);
  if (a === undefined || b === undefined) return undefined;
  switch (op) {
    case '*':
      return dimValue(dimMul(a, b));
    case '/': {
      const q = dimDiv(a, b);
      if (q !== undefined) return dimValue(q);
      report(diagnose(InexactDivision, { left: show(l), right: show(r) }, span));
      return POISON;
    }
    case '==':
      return { kind: 'bool', value: dimEquals(a, b) };
    case '!=':
      return { kind: 'bool', value: !dimEquals(a, b) };
    default:
      return undefined;
  }
}

/** `"res" + 1` is "res1": a label segment spelled from a loop index (`as ["pathway" + p + "_res" + i]`). */
function joinText(op: BinaryOp, l: Value, r: Value): Value | undefined {
  if (op !== '+') return undefined;
  if (l.kind === 'string' && r.kind === 'int') return { kind: 'string', value: `${l.value}${r.value}` };
  if (l.kind === 'int' && r.kind === 'string') return { kind: 'string', value: `${l.value}${r.value}` };
  return undefined;
}

function same(op: BinaryOp, l: Value, r: Value): Value | undefined {
  if (l.kind !== r.kind || (l.kind !== 'bool' && l.kind !== 'string' && l.kind !== 'word')) return undefined;
  const a = (l as { value: unknown }).value;
  const b = (r as { value: unknown }).value;
  if (op === '==') return { kind: 'bool', value: a === b };
  if (op === '!=') return { kind: 'bool', value: a !== b };
  if (l.kind === 'bool' && (op === '&&' || op === '||')) return { kind: 'bool', value: op === '&&' ? a === true && b === true : a === true || b === true };
  if (l.kind === 'string' && op === '+') return { kind: 'string', value: String(a) + String(b) };
  return undefined;
}

/** `left op right` on compile-time values; reports and returns poison when it does not apply. */
export function binary(op: BinaryOp, l: Value, r: Value, span: Span, report: Report): Value {
  if (l.kind === 'poison' || r.kind === 'poison') return POISON;
  const wordsCompared = l.kind === 'word' && r.kind === 'word' && (op === '==' || op === '!=');
  if (!wordsCompared) {
    const unboundLeft = reportUnbound(l, report);
    const unboundRight = reportUnbound(r, report);
    if (unboundLeft || unboundRight) return POISON;
  }
  const result =
    l.kind === 'dim' || r.kind === 'dim' ? symbolic(op, l, r, span, report) : (same(op, l, r) ?? joinText(op, l, r) ?? numeric(op, l, r, span, report));
  if (result) return result;
  report(diagnose(InvalidOperands, { op, left: describe(l), right: describe(r), reason: operandProblem(op, l, r) }, span));
  return POISON;
}

export function unary(op: '-' | '!', v: Value, span: Span, report: Report): Value {
  if (v.kind === 'poison' || reportUnbound(v, report)) return POISON;
  if (op === '!' && v.kind === 'bool') return { kind: 'bool', value: !v.value };
  if (op === '-') {
    if (v.kind === 'int' || v.kind === 'float') return { kind: v.kind, value: -v.value };
    if (v.kind === 'ratio') return { kind: 'ratio', num: -v.num, den: v.den };
  }
  report(diagnose(InvalidOperands, { op, left: describe(v), reason: operandProblem(op, v) }, span));
  return POISON;
}

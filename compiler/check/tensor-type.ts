/**
 * Matching a tensor value against a written tensor type (`f32[B, C, H/stride, W]`): dimension variables
 * that are not bound yet are bound to the value's sizes (block parameters), the rest are evaluated and
 * compared. A mismatch is described with the dimensions named as written: `f32[B, C = 64, H, W]`.
 */
import type { Expr, TensorTypeRef } from '../../dsl/ast.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { InexactDivision, NotCompileTime } from '../../base/diagnostics/codes.js';
import { type Dim, dimEquals, dimToString, shapeToString } from '../ir/dim.js';
import type { IRValue } from '../ir/graph.js';
import { reportUnbound } from './arithmetic.js';
import { exprText } from './expr-text.js';
import { type EvalEnv, evaluate } from './evaluate.js';
import type { Scope } from './scope.js';
import { asDim, describe, dimValue } from './value.js';

export interface TypeMismatch {
  readonly expected: string;
  readonly found: string;
  readonly detail: string;
  /** True when only the dtype differs. */
  readonly dtype: boolean;
}

/**
 * Checks `actual` against `type`; with `bind`, unbound bare names become dimension variables in `scope`.
 * Returns the mismatch, or undefined when it fits (problems inside a dimension expression are reported).
 */
export function matchTensorType(type: TensorTypeRef, actual: IRValue, scope: Scope, env: EvalEnv, bind: boolean): TypeMismatch | undefined {
  const found = `${actual.dtype}${shapeToString(actual.shape)}`;
  const written = type.dims.map((d) => exprText(d));
  if (type.dtype !== actual.dtype) {
    return { expected: `${type.dtype}[${written.join(', ')}]`, found, detail: `dtype ${actual.dtype}, expected ${type.dtype}`, dtype: true };
  }
  if (type.dims.length !== actual.shape.length) {
    return {
      expected: `${type.dtype}[${written.join(', ')}]`,
      found,
      detail: `${type.dims.length} dimensions expected, found ${actual.shape.length}`,
      dtype: false,
    };
  }
  const shown: string[] = [];
  let detail: string | undefined;
  type.dims.forEach((expr, i) => {
    const have = actual.shape[i] as Dim;
    const label = written[i] as string;
    if (bind && expr.kind === 'NameRef' && env.lookup(expr.name) === undefined) {
      scope.define(expr.name, { value: dimValue(have), kind: 'dim', span: expr.span });
      shown.push(label);
      return;
    }
    const v = evaluate(expr, env);
    const want = asDim(v);
    if (want === undefined) {
      if (v.kind !== 'poison' && !reportUnbound(v, env.report)) {
        // A quotient that is not whole (H / stride with H = 7, stride = 2) is a divisibility problem.
        const quotient = expr.kind === 'BinaryExpr' && expr.op === '/';
        env.report(
          quotient
            ? diagnose(InexactDivision, { left: operandText(expr.left, env), right: operandText(expr.right, env) }, expr.span)
            : diagnose(NotCompileTime, { what: 'a dimension', found: describe(v) }, expr.span),
        );
      }
      shown.push(label);
      return;
    }
    const value = dimToString(want);
    shown.push(value === label ? label : `${label} = ${value}`);
    if (!detail && !dimEquals(want, have)) detail = `axis ${i} is ${dimToString(have)}, expected ${value === label ? label : `${label} = ${value}`}`;
  });
  return detail ? { expected: `${type.dtype}[${shown.join(', ')}]`, found, detail, dtype: false } : undefined;
}

/** `H (7)`: an operand as written, with its value when that differs from the text. */
function operandText(expr: Expr, env: EvalEnv): string {
  const text = exprText(expr);
  const value = describe(evaluate(expr, env)).replace(/^(int|float|dim) /, '');
  return value === text ? text : `${text} (${value})`;
}

/**
 * Evaluates expressions to compile-time values. Names come from an environment; calls, pipelines and
 * tensor sums are delegated to the elaborator (absent for constants, which must be compile-time).
 */
import type { BinaryExpr, BinaryOp, CallExpr, Expr, PipeExpr } from '../../dsl/ast.js';
import { assertNever } from '../../dsl/ast.js';
import type { Span } from '../../base/span.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { NotCompileTime } from '../../base/diagnostics/codes.js';
import { type Report, binary, unary } from './arithmetic.js';
import { suggest } from '../../dsl/suggest.js';
import type { TensorOp } from './tensor-arithmetic.js';
import { POISON, type Value } from './value.js';

function isTensorOp(op: BinaryOp): op is TensorOp {
  return op === '+' || op === '-' || op === '*' || op === '/';
}

export interface EvalEnv {
  readonly report: Report;
  /** The value bound to a name, or undefined when it is not bound (then it is a word). `at`: where it is read. */
  lookup(name: string, at?: Span): Value | undefined;
  /** Every bound name (for "did you mean"). */
  names(): Iterable<string>;
  /** Calls and pipelines; absent where only compile-time values are allowed. */
  call?(expr: CallExpr | PipeExpr): Value;
  /** `a + b`, `a - b`, `a * b`, `a / b` (and `-a`) when a side is a tensor. */
  tensorArithmetic?(op: TensorOp, left: Value, right: Value, span: Span): Value;
}

export function evaluate(expr: Expr, env: EvalEnv): Value {
  switch (expr.kind) {
    case 'IntLiteral':
      return { kind: 'int', value: expr.value };
    case 'FloatLiteral':
      return { kind: 'float', value: expr.value };
    case 'StringLiteral':
      return { kind: 'string', value: expr.value };
    case 'BoolLiteral':
      return { kind: 'bool', value: expr.value };
    case 'NameRef': {
      const bound = env.lookup(expr.name, expr.span);
      if (bound) return bound;
      return { kind: 'word', value: expr.name, span: expr.span, suggest: () => suggest(expr.name, env.names()) };
    }
    case 'TupleExpr':
      return { kind: 'tuple', elements: expr.elements.map((e) => evaluate(e, env)) };
    case 'UnaryExpr': {
      const operand = evaluate(expr.operand, env);
      // `-x` on a tensor is x * -1.
      if (expr.op === '-' && operand.kind === 'tensor' && env.tensorArithmetic)
        return env.tensorArithmetic('*', operand, { kind: 'int', value: -1 }, expr.span);
      return unary(expr.op, operand, expr.span, env.report);
    }
    case 'BinaryExpr':
      return evaluateChain(expr, env);
    case 'CallExpr':
    case 'PipeExpr':
      if (env.call) return env.call(expr);
      env.report(diagnose(NotCompileTime, { what: 'a constant', found: 'an operation call' }, expr.span));
      return POISON;
    default:
      return assertNever(expr, 'expression');
  }
}

/**
 * `a + b - c ...` parses as a tree as deep as the chain is long (its left spine): the spine is walked
 * with a loop and folded from the innermost operator out, so thousands of terms use no native stack
 * per term. Left operands are still evaluated before right ones.
 */
function evaluateChain(top: BinaryExpr, env: EvalEnv): Value {
  const spine: BinaryExpr[] = [];
  let innermost: Expr = top;
  for (; innermost.kind === 'BinaryExpr'; innermost = innermost.left) spine.push(innermost);
  let left = evaluate(innermost, env);
  for (let i = spine.length - 1; i >= 0; i--) left = combine(spine[i]!, left, evaluate(spine[i]!.right, env), env);
  return left;
}

function combine(expr: BinaryExpr, left: Value, right: Value, env: EvalEnv): Value {
  if (isTensorOp(expr.op) && (left.kind === 'tensor' || right.kind === 'tensor') && env.tensorArithmetic) {
    return env.tensorArithmetic(expr.op, left, right, expr.span);
  }
  return binary(expr.op, left, right, expr.span, env.report);
}

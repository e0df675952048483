/**
 * Matches a call's arguments to a callee's parameters: the pipeline value first (into its slot),
 * then positional arguments in order, then keywords by name. Reports unknown keywords (with
 * "did you mean"), duplicates, positional after keyword, and too many positional arguments.
 */
import type { CallExpr } from '../../dsl/ast.js';
import type { Span } from '../../base/span.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { DuplicateArgument, PositionalAfterKeyword, TooManyArguments, UnknownArgument } from '../../base/diagnostics/codes.js';
import type { Report } from './arithmetic.js';
import { suggest } from '../../dsl/suggest.js';
import type { Value } from './value.js';

export interface BoundArg {
  readonly value: Value;
  readonly span: Span;
  /** A variadic parameter's tuple: where each element was written. */
  readonly elementSpans?: readonly Span[];
}

export interface CalleeShape {
  readonly name: string;
  readonly params: readonly string[];
  /** Index of the parameter the pipeline value fills. */
  readonly pipeSlot: number;
  /** Index of a parameter that takes every remaining positional argument. */
  readonly variadic?: number;
  /** `name(a, b=1)` for hints (made only when a hint needs it). */
  signature(): string;
}

export function bindArgs(
  callee: CalleeShape,
  call: CallExpr,
  pipe: BoundArg | undefined,
  evaluateArg: (index: number) => Value,
  report: Report,
): Map<string, BoundArg> | undefined {
  const bound = new Map<string, BoundArg>();
  let ok = true;
  // A pipeline value into a variadic parameter is its first element (`a |> concat(b)`).
  const pipeIntoVariadic = pipe !== undefined && callee.variadic === callee.pipeSlot;
  const slots = callee.params.map((_p, i) => i).filter((i) => !(pipe && i === callee.pipeSlot && !pipeIntoVariadic));
  if (pipe && !pipeIntoVariadic) bound.set(callee.params[callee.pipeSlot] as string, pipe);
  let next = 0;
  let sawKeyword = false;
  let tooMany = false;
  const variadic: BoundArg[] = pipe && pipeIntoVariadic ? [pipe] : [];
  call.args.forEach((arg, index) => {
    const value = evaluateArg(index);
    if (arg.name) {
      sawKeyword = true;
      const name = arg.name.name;
      if (!callee.params.includes(name)) {
        const s = suggest(name, callee.params);
        report(diagnose(UnknownArgument, { callee: callee.name, name, known: callee.params, ...(s ? { suggestion: s } : {}) }, arg.name.span));
        ok = false;
      } else if (bound.has(name)) {
        report(diagnose(DuplicateArgument, { callee: callee.name, name }, arg.span));
        ok = false;
      } else {
        bound.set(name, { value, span: arg.value.span });
      }
      return;
    }
    if (sawKeyword) {
      report(diagnose(PositionalAfterKeyword, {}, arg.span));
      ok = false;
      return;
    }
    const slot = slots[next];
    if (slot !== undefined && slot === callee.variadic) {
      variadic.push({ value, span: arg.span });
      return;
    }
    if (slot === undefined) {
      if (!ok && tooMany) return;
      tooMany = true;
      report(
        diagnose(
          TooManyArguments,
          { callee: callee.name, max: slots.length, given: call.args.filter((a) => !a.name).length, signature: callee.signature() },
          arg.span,
        ),
      );
      ok = false;
      next++;
      return;
    }
    bound.set(callee.params[slot] as string, { value, span: arg.value.span });
    next++;
  });
  if (callee.variadic !== undefined && variadic.length > 0) {
    const first = variadic[0] as BoundArg;
    const last = variadic[variadic.length - 1] as BoundArg;
    bound.set(callee.params[callee.variadic] as string, {
      value: { kind: 'tuple', elements: variadic.map((v) => v.value) },
      span: { ...first.span, end: last.span.end, endLine: last.span.endLine, endColumn: last.span.endColumn },
      elementSpans: variadic.map((v) => v.span),
    });
  }
  return ok ? bound : undefined;
}

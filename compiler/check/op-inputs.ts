/**
 * The tensor inputs of a built-in operation call, checked: the one input of most ops (the first
 * argument or the pipeline value), or every positional argument of an op of several (`concat(a, b)`,
 * `concat((a, b))` as torch.cat writes it). Reports a missing input, or one that is not a tensor.
 */
import type { CallExpr } from '../../dsl/ast.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { ExpectedTensor, MissingArgument, TokensNotAllowed } from '../../base/diagnostics/codes.js';
import type { IRValue } from '../ir/graph.js';
import type { SurfaceOp } from '../ir/ops/schema.js';
import { type Report, reportWrongKind } from './arithmetic.js';
import type { BoundArg, CalleeShape } from './bind-args.js';
import { opSignature } from './signatures.js';
import { type Value, describe } from './value.js';

/** How arguments bind to an op: its tensor input(s) first, then its arguments by name. */
export function opCallee(op: SurfaceOp): CalleeShape {
  const variadicArg = op.args.findIndex((a) => a.variadic);
  const variadic = op.inputs === 'many' ? 0 : variadicArg >= 0 ? variadicArg + 1 : undefined;
  return {
    name: op.name,
    params: [op.inputs === 'many' ? 'inputs' : 'input', ...op.args.map((a) => a.name)],
    pipeSlot: 0,
    ...(variadic !== undefined ? { variadic } : {}),
    signature: () => opSignature(op),
  };
}

export function opInputs(op: SurfaceOp, bound: ReadonlyMap<string, BoundArg>, call: CallExpr, report: Report): IRValue[] | undefined {
  const many = op.inputs === 'many';
  const arg = bound.get(many ? 'inputs' : 'input');
  if (!arg) {
    const example = many ? `${op.name}(a, b)` : `x |> ${op.name}${op.args.length > 0 ? '(...)' : ''}`;
    report(
      diagnose(
        MissingArgument,
        { callee: op.name, name: many ? 'inputs' : 'input', signature: opSignature(op) },
        call.span,
        undefined,
        `give it ${many ? 'tensors' : 'a tensor'}: \`${example}\``,
      ),
    );
    return undefined;
  }
  const written =
    many && arg.value.kind === 'tuple' ? arg.value.elements.map((v, i) => ({ v, at: arg.elementSpans?.[i] ?? arg.span })) : [{ v: arg.value, at: arg.span }];
  const values = written.flatMap(({ v, at }) => flattenTuples(v).map((e) => ({ v: e, at })));
  const inputs: IRValue[] = [];
  for (const [i, { v, at }] of values.entries()) {
    if (v.kind !== 'tensor') {
      const what = many ? `input ${i + 1} of '${op.name}'` : `the input of '${op.name}'`;
      reportWrongKind(v, report, () => diagnose(ExpectedTensor, { what, found: describe(v) }, at));
      return undefined;
    }
    inputs.push(v.value);
  }
  const tokenInput = op.tokens === 'reject' ? inputs.find((x) => x.tokens) : undefined;
  if (tokenInput) {
    report(diagnose(TokensNotAllowed, { op: op.name, cls: tokenInput.tokens!.cls !== 'none' }, call.span));
    return undefined;
  }
  return inputs;
}

/** `(a, b), c` -> a, b, c: the inputs of a variadic tensor op, a tuple spread as torch.cat's. */
function flattenTuples(v: Value): Value[] {
  return v.kind === 'tuple' ? v.elements.flatMap(flattenTuples) : [v];
}

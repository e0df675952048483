/**
 * A block call, inlined: arguments bound to the block's parameters (types checked, dimension variables
 * bound), the body elaborated under the call's label, the result checked against the declared return
 * type. Depth and recursion are refused at the call.
 */
import type { BlockDecl, CallExpr, Expr, LabelPath, NetworkDecl, Stmt } from '../../dsl/ast.js';
import type { Span } from '../../base/span.js';
import { diagnose } from '../../base/diagnostics/code.js';
import {
  DTypeMismatch,
  ElaborationLimit,
  ExpectedTensor,
  MissingArgument,
  RecursiveBlock,
  ReturnTypeMismatch,
  TensorShapeMismatch,
} from '../../base/diagnostics/codes.js';
import type { IRValue } from '../ir/graph.js';
import { type Report, reportUnbound } from './arithmetic.js';
import { type BoundArg, type CalleeShape, bindArgs } from './bind-args.js';
import { coerceScalar } from './coerce.js';
import { ELABORATION_LIMITS } from './elaboration-budget.js';
import { type EvalEnv, evaluate } from './evaluate.js';
import type { Frame } from './frame.js';
import { joinName } from './graph-builder.js';
import type { ModuleScope } from './resolve.js';
import { Scope } from './scope.js';
import { blockSignature } from './signatures.js';
import { matchTensorType } from './tensor-type.js';
import { POISON, type Value, describe, show } from './value.js';

/** What a block call needs from the elaborator around it. */
export interface BlockCallHost {
  readonly report: Report;
  expr(e: Expr, scope: Scope, frame: Frame): Value;
  env(scope: Scope, frame: Frame): EvalEnv;
  label(path: LabelPath | undefined, scope: Scope, frame: Frame): string | undefined;
  body(stmts: readonly Stmt[], scope: Scope, frame: Frame): Value | undefined;
  /** Tells the observer (the language server) about a bound parameter. */
  seen(kind: 'param', span: Span, value: Value): void;
  /** Stops elaborating the network (a limit was reached). */
  abort(): void;
}

export function callBlock(
  host: BlockCallHost,
  decl: BlockDecl,
  module: ModuleScope,
  call: CallExpr,
  pipe: BoundArg | undefined,
  scope: Scope,
  frame: Frame,
): Value {
  const name = decl.name.name;
  if (frame.blocks.length >= ELABORATION_LIMITS.blockDepth) {
    const what = `block calls nested ${frame.blocks.length + 1} deep (${frame.blocks[0]} -> ... -> ${name})`;
    host.report(diagnose(ElaborationLimit, { what, limit: ELABORATION_LIMITS.blockDepth }, call.callee.span));
    host.abort();
    return POISON;
  }
  if (frame.blocks.includes(name)) {
    host.report(diagnose(RecursiveBlock, { chain: [...frame.blocks.slice(frame.blocks.indexOf(name)), name] }, call.callee.span));
    return POISON;
  }
  const tensorSlot = decl.params.findIndex((p) => p.type.kind === 'TensorTypeRef');
  const shape: CalleeShape = {
    name,
    params: decl.params.map((p) => p.name.name),
    pipeSlot: tensorSlot < 0 ? 0 : tensorSlot,
    signature: () => blockSignature(decl),
  };
  if (pipe && tensorSlot < 0) {
    host.report(diagnose(ExpectedTensor, { what: `a pipeline stage needs a tensor parameter; block '${name}'s first parameter`, found: 'none' }, call.span));
    return POISON;
  }
  const bound = bindArgs(shape, call, pipe, (i) => host.expr((call.args[i] as CallExpr['args'][number]).value, scope, frame), host.report);
  if (!bound) return POISON;
  const label = host.label(call.label, scope, frame);
  const inner: Frame = {
    module,
    prefix: label !== undefined ? joinName(frame.prefix, label) : frame.prefix,
    blocks: [...frame.blocks, name],
  };
  const local = new Scope();
  const env = host.env(local, inner);
  let ok = true;
  for (const p of decl.params) {
    const arg = bound.get(p.name.name);
    let value: Value;
    let span: Span = call.span;
    if (arg) {
      value = arg.value;
      span = arg.span;
    } else if (p.default) {
      value = evaluate(p.default, env);
    } else {
      host.report(diagnose(MissingArgument, { callee: name, name: p.name.name, signature: shape.signature() }, call.span));
      ok = false;
      continue;
    }
    const v = bindParam(p, value, span, name, local, env, host.report);
    if (!v) ok = false;
    else {
      local.define(p.name.name, { value: v, kind: 'param', span: p.name.span });
      host.seen('param', p.name.span, v);
    }
  }
  if (!ok) return POISON;
  const result = host.body(decl.body, local, inner);
  if (!result || result.kind === 'poison') return POISON;
  const out = checkReturned(result, decl, local, env, host.report);
  return out ? { kind: 'tensor', value: out } : POISON;
}

/** A block argument checked against its parameter's declared type (a scalar coerced; a tensor matched, binding dims). */
function bindParam(p: BlockDecl['params'][number], value: Value, span: Span, callee: string, local: Scope, env: EvalEnv, report: Report): Value | undefined {
  if (value.kind === 'poison') return undefined;
  if (p.type.kind === 'ScalarTypeRef') {
    return coerceScalar(value, p.type.name, { callee, name: p.name.name, span, report: report });
  }
  if (value.kind !== 'tensor') {
    if (!reportUnbound(value, report)) report(diagnose(ExpectedTensor, { what: `argument '${p.name.name}' of '${callee}'`, found: describe(value) }, span));
    return undefined;
  }
  const m = matchTensorType(p.type, value.value, local, env, true);
  if (m) {
    const code = m.dtype ? DTypeMismatch : TensorShapeMismatch;
    const what = `argument '${p.name.name}' of '${callee}'`;
    const hint =
      value.value.shape.length === p.type.dims.length + 1 && !value.value.time
        ? 'apply frames first: `clip |> frames` folds the time axis into the batch'
        : undefined;
    report(diagnose(code, { what, expected: m.expected, found: m.found, detail: m.detail }, span, [{ span: p.type.span, message: 'declared here' }], hint));
    return undefined;
  }
  return value;
}

/** The body's result as a tensor, checked against the declared return type. */
export function checkReturned(result: Value, decl: BlockDecl | NetworkDecl, scope: Scope, env: EvalEnv, report: Report): IRValue | undefined {
  const ret = decl.body[decl.body.length - 1];
  const at = ret?.kind === 'ReturnStmt' ? ret.value.span : decl.name.span;
  if (result.kind !== 'tensor') {
    if (!reportUnbound(result, report)) report(diagnose(ExpectedTensor, { what: `the result of '${decl.name.name}'`, found: describe(result) }, at));
    return undefined;
  }
  const type = decl.returnType;
  if (!type) return result.value;
  if (type.kind !== 'TensorTypeRef') {
    report(
      diagnose(ReturnTypeMismatch, { name: decl.name.name, expected: type.name, found: show(result) }, at, [{ span: type.span, message: 'declared here' }]),
    );
    return undefined;
  }
  const m = matchTensorType(type, result.value, scope, env, false);
  if (m) {
    report(
      diagnose(ReturnTypeMismatch, { name: decl.name.name, expected: m.expected, found: m.found, detail: m.detail }, at, [
        { span: type.span, message: 'declared here' },
      ]),
    );
    return undefined;
  }
  return result.value;
}

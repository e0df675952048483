/**
 * Elaboration: one network's AST becomes one IRGraph. Block calls are inlined (their `as` labels build
 * hierarchical parameter names), `for` loops unrolled, `if` decided, dimension variables bound on first
 * use and checked on later ones, and every operation's shape rule applied. Problems are reported through
 * `report`; a failed value is `poison`, so each mistake is reported once and elaboration goes on.
 */
import type { CallExpr, Expr, LabelPath, NetworkDecl, PipeExpr, PreprocessStmt, Stmt, TensorTypeRef } from '../../dsl/ast.js';
import type { Preprocess } from '../../contract/preprocess.js';
import { type ClipInput, checkPreprocess } from './preprocess.js';
import { assertNever } from '../../dsl/ast.js';
import type { Span } from '../../base/span.js';
import { diagnose } from '../../base/diagnostics/code.js';
import {
  AssignToUndeclared,
  DuplicateDefinition,
  UnknownName,
  ElaborationLimit,
  MissingArgument,
  NetworkInputNotTensor,
  BadLabelSegment,
  NonPositiveSize,
  NotAssignable,
  NotCallable,
  NotCompileTime,
  SelfLabelOutsideBlock,
  UnknownCallee,
  WrongConditionType,
} from '../../base/diagnostics/codes.js';
import { type Dim, sym } from '../ir/dim.js';
import type { IRGraph } from '../ir/graph.js';
import { surfaceOps } from '../ir/ops/index.js';
import type { ArgSpec, ArgValue, SurfaceOp } from '../ir/ops/schema.js';
import { type Report, reportUnbound, reportWrongKind } from './arithmetic.js';
import type { ElaborationObserver } from './observe.js';
import { type BoundArg, bindArgs } from './bind-args.js';
import { type CheckedArg, makeOpCall } from './call-op.js';
import { opCallee, opInputs } from './op-inputs.js';
import { coerceArg } from './coerce.js';
import type { Constants } from './constants.js';
import { type EvalEnv, evaluate } from './evaluate.js';
import { GraphBuilder, joinName } from './graph-builder.js';
import type { ModuleScope, Scopes } from './resolve.js';
import { Scope } from './scope.js';
import { ELABORATION_LIMITS, ElaborationBudget } from './elaboration-budget.js';
import { type BlockCallHost, callBlock, checkReturned } from './block-call.js';
import type { Frame } from './frame.js';
import { opSignature } from './signatures.js';
import { suggest } from '../../dsl/suggest.js';
import { tensorArithmetic } from './tensor-arithmetic.js';
import { POISON, type Value, asDim, constantData, describe } from './value.js';

const MAX_ITERATIONS = ELABORATION_LIMITS.loopIterations;
/** A segment a string index may spell: one name of a state-dict path (no dots). */
const LABEL_WORD = /^[A-Za-z0-9_]+$/;

export class Elaborator implements BlockCallHost {
  private builder: GraphBuilder;
  private budget = new ElaborationBudget();

  constructor(
    private readonly scopes: Scopes,
    private readonly constants: Constants,
    readonly report: Report,
    private readonly observe?: ElaborationObserver,
  ) {
    this.builder = new GraphBuilder('', report);
  }

  network(decl: NetworkDecl, module: ModuleScope): IRGraph | undefined {
    this.builder = new GraphBuilder(decl.name.name, this.report);
    this.budget = new ElaborationBudget();
    const frame: Frame = { module, prefix: '', blocks: [] };
    const scope = new Scope();
    const signature = this.env(scope, frame, true);
    let ok = true;
    for (const p of decl.params) {
      if (p.type.kind !== 'TensorTypeRef') {
        this.report(diagnose(NetworkInputNotTensor, { name: p.name.name }, p.type.span));
        scope.define(p.name.name, { value: POISON, kind: 'param', span: p.name.span });
        ok = false;
        continue;
      }
      const shape = this.inputShape(p.type, signature);
      if (!shape) {
        // Defined as poison so the body's uses of it are not reported again.
        scope.define(p.name.name, { value: POISON, kind: 'param', span: p.name.span });
        ok = false;
        continue;
      }
      const value = this.builder.addInput(p.name.name, p.type.dtype, shape, p.span);
      this.seen('param', p.name.span, { kind: 'tensor', value });
      scope.define(p.name.name, { value: { kind: 'tensor', value }, kind: 'param', span: p.name.span });
    }
    const preprocess = this.preprocess(decl, this.env(scope, frame), scope);
    const result = this.body(
      decl.body.filter((s) => s.kind !== 'PreprocessStmt'),
      scope,
      frame,
    );
    if (!ok || !result || result.kind === 'poison' || preprocess === null) return undefined;
    const out = checkReturned(result, decl, scope, this.env(scope, frame), this.report);
    if (!out) return undefined;
    const constants: Record<string, number | string | boolean> = {};
    for (const [name, v] of this.constants.visible(module)) {
      const data = constantData(v);
      if (data !== undefined) constants[name] = data;
    }
    const graph = this.builder.finish([out], constants);
    return preprocess ? { ...graph, preprocess } : graph;
  }

  /**
   * The network's `preprocess` section; null when it has errors. Placement (one, directly in the
   * body) is the preprocess-placement rule's to report.
   */
  private preprocess(decl: NetworkDecl, env: EvalEnv, scope: Scope): Preprocess | undefined | null {
    const sections = decl.body.filter((s): s is PreprocessStmt => s.kind === 'PreprocessStmt');
    const [section, ...extra] = sections;
    if (!section) return undefined;
    const clip = decl.params.find((p) => p.type.kind === 'TensorTypeRef');
    const found = clip ? scope.find(clip.name.name)?.value : undefined;
    const input: ClipInput | undefined = clip && found?.kind === 'tensor' ? { name: clip.name.name, shape: found.value.shape } : undefined;
    if (clip && !input) return null;
    const checked = checkPreprocess(section, input, (setting) => evaluate(setting.value, env), this.report);
    return checked === undefined || extra.length > 0 ? null : checked;
  }

  /** A network input's shape: bare names that are not constants become symbolic sizes (the batch `N`). */
  private inputShape(type: TensorTypeRef, env: EvalEnv): Dim[] | undefined {
    const shape: Dim[] = [];
    for (const expr of type.dims) {
      const v = evaluate(expr, env);
      const d = asDim(v);
      if (d === undefined) {
        reportWrongKind(v, this.report, () => diagnose(NotCompileTime, { what: 'a dimension', found: describe(v) }, expr.span));
        return undefined;
      }
      if (typeof d === 'number' && d < 1) {
        this.report(diagnose(NonPositiveSize, { what: 'a dimension', value: d }, expr.span));
        return undefined;
      }
      shape.push(d);
    }
    return shape;
  }

  // ------------------------------------------------------------------ statements

  /** Runs statements; returns the value of the `return` reached, if any. */
  body(stmts: readonly Stmt[], scope: Scope, frame: Frame): Value | undefined {
    for (const stmt of stmts) {
      if (this.builder.aborted || !this.spend(stmt.span)) return POISON;
      const returned = this.statement(stmt, scope, frame);
      if (returned) return returned;
    }
    return undefined;
  }

  private statement(stmt: Stmt, scope: Scope, frame: Frame): Value | undefined {
    switch (stmt.kind) {
      case 'LetStmt': {
        const value = this.expr(stmt.value, scope, frame);
        const existing = scope.own(stmt.name.name);
        if (existing) {
          this.report(
            diagnose(
              DuplicateDefinition,
              { name: stmt.name.name, what: `a ${existing.kind === 'let' ? 'value' : existing.kind === 'dim' ? 'dimension variable' : 'parameter'}` },
              stmt.name.span,
              [{ span: existing.span, message: 'first defined here' }],
            ),
          );
        }
        scope.define(stmt.name.name, { value, kind: 'let', span: stmt.name.span });
        this.seen('binding', stmt.name.span, value);
        return undefined;
      }
      case 'AssignStmt': {
        const value = this.expr(stmt.value, scope, frame);
        this.assign(stmt.name.name, stmt.name.span, value, scope, frame);
        this.seen('binding', stmt.name.span, value);
        return undefined;
      }
      case 'ReturnStmt':
        return this.expr(stmt.value, scope, frame);
      case 'IfStmt': {
        const cond = this.expr(stmt.condition, scope, frame);
        if (cond.kind === 'poison' || reportUnbound(cond, this.report)) return undefined;
        if (cond.kind !== 'bool') {
          this.report(diagnose(WrongConditionType, { what: 'an if condition must be a compile-time bool', found: describe(cond) }, stmt.condition.span));
          return undefined;
        }
        const branch = cond.value ? stmt.then : stmt.else;
        return branch ? this.body(branch, new Scope(scope), frame) : undefined;
      }
      case 'ForStmt':
        return this.loop(stmt, scope, frame);
      case 'PreprocessStmt':
        // A network's own section is read before its body runs; elsewhere the preprocess-placement rule reports it.
        return undefined;
      default:
        return assertNever(stmt, 'statement');
    }
  }

  private assign(name: string, span: Span, value: Value, scope: Scope, frame: Frame): void {
    const binding = scope.find(name);
    if (!binding) {
      const global = frame.module.globals.get(name);
      if (global) {
        this.report(diagnose(NotAssignable, { name, what: global.kind === 'const' ? 'constant' : 'block' }, span));
        return;
      }
      const s = suggest(name, scope.names());
      this.report(diagnose(AssignToUndeclared, { name, ...(s ? { suggestion: s } : {}) }, span));
      return;
    }
    if (binding.kind === 'dim' || binding.kind === 'loop') {
      this.report(diagnose(NotAssignable, { name, what: binding.kind === 'dim' ? 'dimension variable' : 'loop variable' }, span));
      return;
    }
    binding.value = value;
  }

  private loop(stmt: Extract<Stmt, { kind: 'ForStmt' }>, scope: Scope, frame: Frame): Value | undefined {
    const bound = (e: Expr): number | undefined => {
      const v = this.expr(e, scope, frame);
      if (v.kind === 'int') return v.value;
      reportWrongKind(v, this.report, () => diagnose(NotCompileTime, { what: 'a loop bound (an int)', found: describe(v) }, e.span));
      return undefined;
    };
    const from = bound(stmt.from);
    const to = bound(stmt.to);
    if (from === undefined || to === undefined) return undefined;
    if (to - from > MAX_ITERATIONS) {
      this.report(diagnose(ElaborationLimit, { what: `a loop of ${to - from} iterations`, limit: MAX_ITERATIONS }, stmt.span));
      return undefined;
    }
    for (let i = from; i < to; i++) {
      if (this.builder.aborted || !this.spend(stmt.span)) return POISON;
      const inner = new Scope(scope);
      inner.define(stmt.variable.name, { value: { kind: 'int', value: i }, kind: 'loop', span: stmt.variable.span });
      const returned = this.body(stmt.body, inner, frame);
      if (returned) return returned;
    }
    return undefined;
  }

  abort(): void {
    this.builder.aborted = true;
  }

  /** One step of the network's budget; when it runs out, one diagnostic at `span` and elaboration stops. */
  private spend(span: Span): boolean {
    if (this.budget.spend()) return true;
    this.report(
      diagnose(ElaborationLimit, { what: 'the statements and loop iterations run to elaborate this network', limit: ELABORATION_LIMITS.steps }, span),
    );
    this.builder.aborted = true;
    return false;
  }

  // ------------------------------------------------------------------ expressions

  env(scope: Scope, frame: Frame, symbolic = false): EvalEnv {
    return {
      report: this.report,
      lookup: (name, at) => {
        const local = scope.find(name);
        if (local) return local.value;
        const g = frame.module.globals.get(name);
        if (g?.kind === 'const') return this.constants.value(g.decl, frame.module);
        if (!symbolic) return undefined;
        // In a network signature, a bare name that is not a constant is a symbolic size,
        // unless it looks like a misspelled constant (`SIZ` for `SIZE`).
        const constants = [...frame.module.globals].filter(([, g]) => g.kind === 'const').map(([n]) => n);
        const typo = suggest(name, constants);
        if (typo) {
          this.report(diagnose(UnknownName, { name, suggestion: typo }, at));
          return POISON;
        }
        const value: Value = { kind: 'dim', value: sym(name) };
        scope.define(name, { value, kind: 'dim', span: at ?? frame.module.module.file.span });
        return value;
      },
      names: () => [...scope.names(), ...[...frame.module.globals].filter(([, g]) => g.kind === 'const').map(([n]) => n)],
      call: (e) => (e.kind === 'PipeExpr' ? this.pipe(e, scope, frame) : this.call(e, undefined, scope, frame)),
      tensorArithmetic: (op, l, r, span) => tensorArithmetic(op, l, r, { span, prefix: frame.prefix, builder: this.builder, report: this.report }),
    };
  }

  expr(e: Expr, scope: Scope, frame: Frame): Value {
    return evaluate(e, this.env(scope, frame));
  }

  private pipe(e: PipeExpr, scope: Scope, frame: Frame): Value {
    let value = this.expr(e.head, scope, frame);
    let span = e.head.span;
    for (const stage of e.stages) {
      if (value.kind === 'poison') return POISON;
      value = this.call(stage, { value, span }, scope, frame);
      span = stage.span;
    }
    return value;
  }

  private call(call: CallExpr, pipe: BoundArg | undefined, scope: Scope, frame: Frame): Value {
    const first = this.builder.nodeCount;
    const value = this.callUnobserved(call, pipe, scope, frame);
    this.seen('call', call.span, value, first);
    return value;
  }

  /** Tells the observer (if any) about a tensor; `first` is the node count before a call. */
  seen(kind: 'call' | 'binding' | 'param', span: Span, value: Value, first?: number): void {
    if (!this.observe || value.kind !== 'tensor') return;
    const nodes = first === undefined ? [] : this.builder.nodesSince(first);
    this.observe({ kind, span, value: value.value, nodes, values: this.builder.valueTable });
  }

  private callUnobserved(call: CallExpr, pipe: BoundArg | undefined, scope: Scope, frame: Frame): Value {
    const name = call.callee.name;
    const global = frame.module.globals.get(name);
    if (global?.kind === 'block') return callBlock(this, global.decl, this.scopes.get(global.module.path) ?? frame.module, call, pipe, scope, frame);
    const op = surfaceOps.get(name);
    if (op) return this.callOp(op, call, pipe, scope, frame);
    const local = scope.find(name);
    if (local || global) {
      this.report(diagnose(NotCallable, { name, what: local ? `value (${describe(local.value)})` : 'constant' }, call.callee.span));
      return POISON;
    }
    const blocks = [...frame.module.globals].filter(([, g]) => g.kind === 'block').map(([n]) => n);
    const s = suggest(name, [...surfaceOps.keys(), ...blocks]);
    this.report(diagnose(UnknownCallee, { name, ...(s ? { suggestion: s } : {}) }, call.callee.span));
    return POISON;
  }

  label(path: LabelPath | undefined, scope: Scope, frame: Frame): string | undefined {
    if (!path) return undefined;
    if (path.segments.length === 0) {
      // `as .`: the enclosing block call's own label (joinName(prefix, '') is the prefix).
      if (frame.prefix !== '') return '';
      this.report(diagnose(SelfLabelOutsideBlock, {}, path.span));
      return undefined;
    }
    const parts: string[] = [];
    for (const seg of path.segments) {
      if (seg.kind === 'NameSegment') {
        parts.push(seg.name);
        continue;
      }
      const v = this.expr(seg.index, scope, frame);
      if (v.kind === 'int' && v.value >= 0) parts.push(String(v.value));
      else if (v.kind === 'string' && LABEL_WORD.test(v.value)) parts.push(v.value);
      else if (v.kind === 'string') {
        this.report(diagnose(BadLabelSegment, { segment: v.value }, seg.span));
        parts.push('?');
      } else {
        const what = 'a label index (an int >= 0, or a string such as "res" + i)';
        reportWrongKind(v, this.report, () => diagnose(NotCompileTime, { what, found: describe(v) }, seg.span));
        parts.push('?');
      }
    }
    return parts.join('.');
  }

  // ------------------------------------------------------------------ operations

  private callOp(op: SurfaceOp, call: CallExpr, pipe: BoundArg | undefined, scope: Scope, frame: Frame): Value {
    const bound = bindArgs(opCallee(op), call, pipe, (i) => this.expr((call.args[i] as CallExpr['args'][number]).value, scope, frame), this.report);
    if (!bound) return POISON;
    const inputs = opInputs(op, bound, call, this.report);
    if (!inputs) return POISON;
    const checked = this.checkOpArgs(op, bound, call);
    if (!checked) return POISON;
    const label = this.label(call.label, scope, frame);
    const name = label !== undefined ? joinName(frame.prefix, label) : this.builder.generatedName(frame.prefix, op.name);
    const out = op.apply(makeOpCall(op, inputs, checked, name, call.span, this.builder, this.report));
    return out ? { kind: 'tensor', value: out } : POISON;
  }

  private checkOpArgs(op: SurfaceOp, bound: Map<string, BoundArg>, call: CallExpr): Map<string, CheckedArg> | undefined {
    const checked = new Map<string, CheckedArg>();
    let ok = true;
    for (const spec of op.args) {
      const arg = bound.get(spec.name);
      if (!arg) {
        if (spec.default !== undefined) checked.set(spec.name, { value: spec.default, span: call.span, given: false });
        else if (spec.variadic) checked.set(spec.name, { value: [], span: call.span, given: false });
        else if (!spec.optional) {
          this.report(diagnose(MissingArgument, { callee: op.name, name: spec.name, signature: opSignature(op) }, call.span));
          ok = false;
        }
        continue;
      }
      const value: ArgValue | undefined = spec.variadic
        ? this.variadic(arg, spec, op)
        : coerceArg(arg.value, spec.type, { callee: op.name, name: spec.name, span: arg.span, report: this.report });
      if (value === undefined) ok = false;
      else checked.set(spec.name, { value, span: arg.span, given: true });
    }
    return ok ? checked : undefined;
  }

  private variadic(arg: BoundArg, spec: ArgSpec, op: SurfaceOp): Dim[] | undefined {
    const items = arg.value.kind === 'tuple' ? arg.value.elements : [arg.value];
    const out: Dim[] = [];
    for (const item of items) {
      const d = coerceArg(item, spec.type, { callee: op.name, name: spec.name, span: arg.span, report: this.report });
      if (d === undefined) return undefined;
      out.push(d as Dim);
    }
    return out;
  }
}

/**
 * Applies a built-in operation to checked arguments: the `OpCall` an op's `apply` sees, backed by the
 * graph builder. Parameter names are `<label>.<role>` (or the op's suffix), claimed once per graph.
 */
import type { Span } from '../../base/span.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { ShapeRule } from '../../base/diagnostics/codes.js';
import type { Dim } from '../ir/dim.js';
import type { IRParam, IRValue, OpAttrs, OpName } from '../ir/graph.js';
import { irRules } from '../ir/ops/index.js';
import type { ArgValue, EmitSpec, IROpRule, OpCall, SurfaceOp } from '../ir/ops/schema.js';
import type { Report } from './arithmetic.js';
import { type GraphBuilder, joinName } from './graph-builder.js';

export interface CheckedArg {
  readonly value: ArgValue;
  readonly span: Span;
  readonly given: boolean;
}

export function makeOpCall(
  op: SurfaceOp,
  inputs: readonly IRValue[],
  args: ReadonlyMap<string, CheckedArg>,
  label: string,
  span: Span,
  builder: GraphBuilder,
  report: Report,
): OpCall {
  const get = (name: string): ArgValue => {
    const a = args.get(name);
    if (a === undefined) throw new Error(`internal: '${op.name}' read argument '${name}' that has no value`);
    return a.value;
  };
  const typed = <T>(name: string, check: (v: ArgValue) => v is T & ArgValue): T => {
    const v = get(name);
    if (!check(v)) throw new Error(`internal: '${op.name}' argument '${name}' has the wrong type`);
    return v;
  };
  const input = inputs[0] as IRValue;
  return {
    op: op.name,
    input,
    inputs,
    span,
    given: (name) => args.get(name)?.given === true,
    int: (name) => typed(name, (v): v is number => typeof v === 'number'),
    float: (name) => typed(name, (v): v is number => typeof v === 'number'),
    bool: (name) => typed(name, (v): v is boolean => typeof v === 'boolean'),
    word: (name) => typed(name, (v): v is string => typeof v === 'string'),
    ints: (name) => typed(name, (v): v is readonly number[] | string => typeof v === 'string' || Array.isArray(v)),
    dims(name) {
      const v = args.get(name)?.value;
      if (v === undefined) return [];
      return Array.isArray(v) ? (v as readonly Dim[]) : [v as Dim];
    },
    report(code, a, at, hint) {
      const where = at !== undefined && args.get(at)?.given ? args.get(at)?.span : span;
      report(diagnose(code, a, where, undefined, hint));
    },
    emit<K extends OpName>(irOp: K, attrs: OpAttrs[K], spec: EmitSpec = {}): IRValue | undefined {
      const inputs = spec.inputs ?? [input];
      const name = spec.name ? joinName(label, spec.name) : label;
      const rule = irRules[irOp] as IROpRule<K> | undefined;
      const out = rule ? rule.infer(attrs, inputs) : `no shape rule for IR op '${irOp}'`;
      if (typeof out === 'string') {
        report(diagnose(ShapeRule, { op: op.name, reason: out }, span));
        return undefined;
      }
      const params: Record<string, IRParam> = {};
      let claimed = true;
      for (const [role, p] of Object.entries(spec.params ?? {})) {
        const full = p.suffix === '' ? name : joinName(name, p.suffix ?? role);
        // One duplicate report per call: the weight's; its bias follows from it.
        if (claimed) claimed = builder.claimParam(full, p.shape, span);
        params[role] = { name: full, shape: p.shape, dtype: 'f32', init: p.init };
      }
      return builder.addNode(irOp, attrs, name, inputs, params, out, span);
    },
  };
}

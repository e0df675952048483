/**
 * Builds one IRGraph as the elaborator walks a network: nodes in the order they are made (which is
 * topological, since a node's inputs exist before it), unique node names and value ids, parameter names
 * claimed once, and the documented size limits enforced before anything would be allocated.
 */
import type { Span } from '../../base/span.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { DuplicateParamName, ElaborationLimit, ParamsTooLarge, TensorTooLarge } from '../../base/diagnostics/codes.js';
import { type Dim, elementsPerSample, shapeToString } from '../ir/dim.js';
import type { DType, IRGraph, IRNode, IRParam, IRValue, OpAttrs, OpName } from '../ir/graph.js';
import type { Inferred } from '../ir/ops/schema.js';
import type { Report } from './arithmetic.js';

/** Documented limits (docs/language.md): elements per tensor per sample, bytes of parameters, nodes per graph. */
export const LIMITS = { elements: 2 ** 31, paramBytes: 4 * 2 ** 30, nodes: 50_000 } as const;

export class GraphBuilder {
  private readonly values: Record<string, IRValue> = {};
  private readonly nodes: IRNode[] = [];
  private readonly inputs: string[] = [];
  private readonly nodeNames = new Set<string>();
  private readonly paramOwners = new Map<string, Span>();
  private readonly counters = new Map<string, number>();
  private paramBytes = 0;
  private paramsReported = false;
  /** Set when a limit stops elaboration; the elaborator checks it to stop early. */
  aborted = false;

  constructor(
    readonly name: string,
    private readonly report: Report,
  ) {}

  /** Nodes made so far; with `nodesSince`, what one call added (for the language server's hovers). */
  get nodeCount(): number {
    return this.nodes.length;
  }

  nodesSince(first: number): readonly IRNode[] {
    return this.nodes.slice(first);
  }

  get valueTable(): Readonly<Record<string, IRValue>> {
    return this.values;
  }

  addInput(name: string, dtype: DType, shape: readonly Dim[], span: Span): IRValue {
    const value: IRValue = { id: name, dtype, shape, span };
    this.values[name] = value;
    this.inputs.push(name);
    this.nodeNames.add(name);
    return value;
  }

  /** `prefix.op_n`, numbered per op within the graph (`conv2d_0`, `conv2d_1`, ...). */
  generatedName(prefix: string, op: string): string {
    const n = this.counters.get(op) ?? 0;
    this.counters.set(op, n + 1);
    return joinName(prefix, `${op}_${n}`);
  }

  /** Claims a parameter name; reports a duplicate (pointing at both calls) and returns false. */
  claimParam(name: string, shape: readonly number[], span: Span): boolean {
    const first = this.paramOwners.get(name);
    if (first) {
      this.report(diagnose(DuplicateParamName, { name }, span, [{ span: first, message: 'first used here' }]));
      return false;
    }
    this.paramOwners.set(name, span);
    this.paramBytes += 4 * shape.reduce((a, b) => a * b, 1);
    if (this.paramBytes > LIMITS.paramBytes && !this.paramsReported) {
      this.paramsReported = true;
      this.report(diagnose(ParamsTooLarge, { bytes: this.paramBytes, limit: LIMITS.paramBytes }, span));
    }
    return true;
  }

  addNode<K extends OpName>(
    op: K,
    attrs: OpAttrs[K],
    name: string,
    inputs: readonly IRValue[],
    params: Readonly<Record<string, IRParam>>,
    out: Inferred,
    span: Span,
  ): IRValue | undefined {
    const elements = elementsPerSample(out.shape);
    if (elements > LIMITS.elements) {
      this.report(diagnose(TensorTooLarge, { shape: shapeToString(out.shape), elements, limit: LIMITS.elements }, span));
      return undefined;
    }
    if (this.nodes.length >= LIMITS.nodes) {
      if (!this.aborted) this.report(diagnose(ElaborationLimit, { what: 'the number of operations in one network', limit: LIMITS.nodes }, span));
      this.aborted = true;
      return undefined;
    }
    const nodeName = this.unique(name);
    const value: IRValue = {
      id: nodeName,
      dtype: inputs[0]?.dtype ?? 'f32',
      shape: out.shape,
      ...(out.time ? { time: out.time } : {}),
      ...(out.tokens ? { tokens: out.tokens } : {}),
      span,
    };
    this.values[value.id] = value;
    const node = { id: `n${this.nodes.length}`, op, attrs, name: nodeName, inputs: inputs.map((v) => v.id), outputs: [value.id], params, span };
    this.nodes.push(node as IRNode);
    return value;
  }

  finish(outputs: readonly IRValue[], constants: Readonly<Record<string, number | string | boolean>>): IRGraph {
    const tokenModel = this.nodes.some((n) => n.op === 'patch_embed');
    return {
      name: this.name,
      inputs: this.inputs,
      outputs: outputs.map((v) => v.id),
      values: this.values,
      nodes: tokenModel ? this.nodes.map(timesformerInit) : this.nodes,
      constants,
    };
  }

  private unique(name: string): string {
    let candidate = name;
    for (let k = 1; this.nodeNames.has(candidate); k++) candidate = `${name}_${k}`;
    this.nodeNames.add(candidate);
    return candidate;
  }
}

export function joinName(prefix: string, name: string): string {
  return prefix && name ? `${prefix}.${name}` : prefix || name;
}

/** TimeSformer's `_init_weights`: every Linear gets trunc_normal(std=0.02) weights and zero biases. */
function timesformerInit(node: IRNode): IRNode {
  if (node.op !== 'linear') return node;
  const params: Record<string, IRParam> = {};
  for (const [role, p] of Object.entries(node.params)) {
    params[role] = { ...p, init: role === 'weight' ? { kind: 'trunc_normal', std: 0.02 } : { kind: 'zeros' } };
  }
  return { ...node, params };
}

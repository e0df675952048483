/**
 * The contract of an operation. Two halves, both owned by the op's file:
 * - `IROpRule`: for an IR op, the shape rule (used when building the graph and again by the verifier),
 *   which parameter roles are buffers, and the multiply-accumulate count (for `vnetc summary`).
 * - `SurfaceOp`: for a name the language accepts (`conv2d`, `mlp`, `dropout`), the argument schema and
 *   `apply`, which checks the arguments with teaching diagnostics and emits IR nodes through an `OpCall`.
 */
import type { Span } from '../../../dsl/span.js';
import type { DiagnosticCode } from '../../diagnostics/code.js';
import type { Dim } from '../dim.js';
import type { IRValue, NodeOf, OpAttrs, OpName, ParamInit, TimeAxis, TokenLayout } from '../graph.js';

/** What a shape rule infers for the single output of a node. */
export interface Inferred {
  readonly shape: readonly Dim[];
  readonly time?: TimeAxis;
  readonly tokens?: TokenLayout;
}

export interface IROpRule<K extends OpName> {
  /** The output of a node, or the reason the inputs do not fit (an internal error once `apply` has checked). */
  infer(attrs: OpAttrs[K], inputs: readonly IRValue[]): Inferred | string;
  /** Multiply-accumulates per sample (every symbolic size taken as 1). */
  macs?(node: NodeOf<K>, inputs: readonly IRValue[], output: IRValue): number;
  /** Parameter roles that are state, not learned weights (batchnorm's running statistics). */
  readonly buffers?: readonly string[];
}

export type ArgType =
  | { readonly kind: 'int' }
  | { readonly kind: 'float' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'word'; readonly words: readonly string[] }
  /** An int (same on every spatial axis) or a tuple of ints; with `words`, also one of those words (`pad=same`). */
  | { readonly kind: 'ints'; readonly words?: readonly string[] }
  /** A size: an int, -1, or a dimension (symbolic batch); used by variadic `reshape`. */
  | { readonly kind: 'dim' };

/** The value of an argument after checking, by ArgType kind. */
export type ArgValue = number | boolean | string | readonly number[] | Dim | readonly Dim[];

export interface ArgSpec {
  readonly name: string;
  readonly type: ArgType;
  /** Absent: required (unless `optional`). */
  readonly default?: ArgValue;
  /** Not required and no default: `apply` decides (maxpool's stride defaults to k). */
  readonly optional?: boolean;
  /** Takes every remaining positional argument (`reshape(d0, d1, ...)`). */
  readonly variadic?: boolean;
}

export interface ParamSpec {
  readonly shape: readonly number[];
  readonly init: ParamInit;
  /** The name relative to the node's name; default: the role. '' names the parameter by the node name itself. */
  readonly suffix?: string;
}

export interface EmitSpec {
  readonly inputs?: readonly IRValue[];
  readonly params?: Readonly<Record<string, ParamSpec>>;
  /** Sub-node name relative to the call's label (mlp's `fc1`); default: the call's label itself. */
  readonly name?: string;
}

/** The view of one call that an op's `apply` gets; it reports problems here and never throws. */
export interface OpCall {
  /** The surface name (`conv2d`). */
  readonly op: string;
  readonly input: IRValue;
  readonly span: Span;
  /** Whether the argument was written (not defaulted). */
  given(name: string): boolean;
  int(name: string): number;
  float(name: string): number;
  bool(name: string): boolean;
  word(name: string): string;
  /** An `ints` argument: its values (one int is a 1-tuple), or its word. */
  ints(name: string): readonly number[] | string;
  /** The variadic values of a `dim` argument. */
  dims(name: string): readonly Dim[];
  /** Reports a problem at the argument (or the call when `at` is absent or not written). */
  report<A>(code: DiagnosticCode<A>, args: A, at?: string, hint?: string): void;
  /** Adds a node; its output shape comes from the IR op's rule. Undefined when the rule failed (reported). */
  emit<K extends OpName>(op: K, attrs: OpAttrs[K], spec?: EmitSpec): IRValue | undefined;
}

/** Whether an op takes token values: 'keep' passes the layout through, 'reject' refuses them, 'own' decides itself. */
export type TokenPolicy = 'keep' | 'reject' | 'own';

export interface SurfaceOp {
  readonly name: string;
  readonly args: readonly ArgSpec[];
  readonly tokens: TokenPolicy;
  /** Whether the op creates parameters (an unnamed call gets a generated name and a warning). */
  readonly hasParams: boolean;
  apply(call: OpCall): IRValue | undefined;
}

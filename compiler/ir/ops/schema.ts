/**
 * The contract of an operation. Two halves, both owned by the op's file:
 * - `IROpRule`: for an IR op, the shape rule (used when building the graph and again by the verifier),
 *   which parameter roles are buffers, and the multiply-accumulate count (for `vnetc summary`).
 * - `SurfaceOp`: for a name the language accepts (`conv2d`, `mlp`, `dropout`), the argument schema and
 *   `apply`, which checks the arguments with teaching diagnostics and emits IR nodes through an `OpCall`.
 */
import type { Span } from '../../../base/span.js';
import type { DiagnosticCode } from '../../../base/diagnostics/code.js';
import type { Dim } from '../dim.js';
import type { IRValue, NodeOf, OpAttrs, OpName, ParamInit, TimeAxis, TokenLayout } from '../graph.js';

/** What a shape rule infers for the single output of a node. */
export interface Inferred {
  readonly shape: readonly Dim[];
  readonly time?: TimeAxis;
  readonly tokens?: TokenLayout;
}

/**
 * How an op treats the frames of a clip (values `[N*T, ...]`), which is what online compilation needs:
 * - `per-frame`: each frame is computed alone, so the op runs unchanged on one frame at a time;
 * - `mixes-frames`: an output frame reads other frames; `why` is the op's own reason, shown to the user;
 * - `moves-frames`: a temporal shift, which online compilation turns into per-layer caches;
 * - `averages-frames`: the consensus, which the online runtime does over its window.
 */
export type TimeFact =
  | { readonly kind: 'per-frame' }
  | { readonly kind: 'mixes-frames'; readonly why: string }
  | { readonly kind: 'moves-frames' }
  | { readonly kind: 'averages-frames' };

/**
 * How output channels depend on input channels (axis 1), which is what channel splitting needs:
 * - `independent`: channel c of the output needs only channel c of the first input (and of per-channel
 *   parameters, which are sliced with it), so a channel group is computed from that group alone;
 * - `elementwise`: the same for every input (`add`): operands of the output's shape split alike;
 * - `mixing`: an output channel may read any input channel.
 */
export type ChannelFact = 'independent' | 'elementwise' | 'mixing';

/**
 * What an op becomes in an int8 model (`--precision int8`, compiler/quantize):
 * - `compute`: onnxruntime fuses DequantizeLinear -> op -> QuantizeLinear into a uint8 kernel (QLinearConv,
 *   QLinearAdd, QGemm, QLinearGlobalAveragePool), so the op computes on uint8 with int32 sums;
 * - `moves`: the op only moves or picks values (a shift, a max pool, a reshape): it runs on the uint8 data
 *   as it is, with the same scale and zero point, exactly;
 * - `clamps`: relu/relu6 after a `compute` op: the QuantizeLinear after it (zero point 0) does its work;
 * - `float`: no uint8 form; it reads dequantized values, `why` says so in `--explain`.
 * An op that states nothing stays float.
 */
export type Int8Fact =
  | { readonly kind: 'compute' }
  | { readonly kind: 'moves' }
  | { readonly kind: 'clamps' }
  | { readonly kind: 'float'; readonly why: string };

/** The facts about an op that passes and online compilation need: stated by every op, derived into tables. */
export interface OpFacts<K extends OpName> {
  /** A fact, or a function of the node's attributes (attention over time mixes frames, over space does not). */
  readonly time: TimeFact | ((attrs: OpAttrs[K]) => TimeFact);
  readonly channels: ChannelFact;
  /** May stand between a temporal shift and the convolution it is fused into (fuse-shift-conv); conv itself too. */
  readonly betweenShiftAndConv: boolean;
  /**
   * ONNX operators of this op's lowering that compute the same numbers on onnxruntime's NCHWc blocked data
   * (they move whole frames or work element by element): the ort-cpu layout step keeps them blocked.
   */
  readonly blockedOnnxOps: readonly string[];
  /** Its int8 form (see Int8Fact); absent: it stays float. */
  readonly int8?: Int8Fact;
}

export const PER_FRAME: TimeFact = { kind: 'per-frame' };

/** Facts of an op that works on each element alone (activations). */
export const ELEMENTWISE_UNARY_FACTS = {
  time: PER_FRAME,
  channels: 'independent',
  betweenShiftAndConv: false,
  blockedOnnxOps: [],
} as const satisfies OpFacts<OpName>;

export interface IROpRule<K extends OpName> {
  /** What passes and online compilation need to know about the op; required, so a new op must say. */
  readonly facts: OpFacts<K>;
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
  /** What an omitted `optional` argument means, as the signature shows it (`stride=k`); default `?`. */
  readonly shownDefault?: string;
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
  /** The tensor the op applies to (the first one, for an op of several inputs). */
  readonly input: IRValue;
  /** Every tensor input, in order: `[input]`, or all of them for an op of several (`concat`). */
  readonly inputs: readonly IRValue[];
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

/**
 * What the language reference (the operations table of docs/language.md, generated by ops/docs.ts) and the
 * editor's hover and completion say about an op. Markdown. The signature is not here: it is `args`.
 */
export interface OpDoc {
  /** Input and output shapes: `[B, C, *S] -> [B, out, *S']`, or `same`. */
  readonly shapes: string;
  /** The parameters the op creates, with their checkpoint names and shapes; absent when it creates none. */
  readonly params?: string;
  /** What it computes and what to know about it: one or two sentences. */
  readonly text: string;
}

export interface SurfaceOp {
  readonly name: string;
  /** Ops that share one doc object (conv1d/conv2d/conv3d, silu/swish) share a row of the table. */
  readonly doc: OpDoc;
  readonly args: readonly ArgSpec[];
  readonly tokens: TokenPolicy;
  /**
   * 'one' (default): the first argument, or the pipeline value, is the tensor input; 'many': every
   * positional argument is a tensor input, the pipeline value first (`concat(a, b, axis=1)`).
   */
  readonly inputs?: 'one' | 'many';
  /** Whether the op creates parameters (an unnamed call gets a generated name and a warning). */
  readonly hasParams: boolean;
  /** A keyword argument written as this word makes the call parameter-free (`pos_embed(table=sincos)`). */
  readonly noParamsWhen?: { readonly name: string; readonly word: string };
  apply(call: OpCall): IRValue | undefined;
}

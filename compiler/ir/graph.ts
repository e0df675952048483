import type { Preprocess } from '../../contract/preprocess.js';
/**
 * vnet's intermediate representation: a typed dataflow graph, immutable plain data.
 * The checker builds it from the AST (blocks inlined, loops unrolled, constants evaluated,
 * every value shape-typed); passes rewrite it; the emitter lowers it to ONNX.
 * Every node keeps the `.vnet` span it came from.
 */
import type { Span } from '../../base/span.js';
import type { Dim } from './dim.js';

/** `u8`: the uint8 caches of an int8 online model (their scale and zero point in `quant`). */
export type DType = 'f32' | 'f16' | 'i64' | 'bool' | 'u8';

/**
 * How TimeSformer tokens are arranged in a value of shape [N, L, D] (or [N*T, L, D] when
 * every frame keeps its own cls token). The emitter owns the token order in memory; ops
 * that would expose it (reshape, transpose) are rejected on token values.
 */
export interface TokenLayout {
  readonly frames: number;
  /** Patch grid height and width: S = height * width patches per frame. */
  readonly height: number;
  readonly width: number;
  /**
   * shared:    [N, 1 + T*S, D], one cls token for the clip (divided, joint, L+G, axial);
   * per_frame: [N*T, 1 + S, D], each frame keeps its cls token (space-only);
   * none:      [N, T*S, D], patch tokens only (the output of a patch-only attention step).
   */
  readonly cls: 'shared' | 'per_frame' | 'none';
  /**
   * A plain sequence of `frames` tokens, not the patches of a clip (ViViT's temporal transformer over the
   * frames' cls tokens): its grid is 1 x 1 and only `attention(over=all)` applies. `cls_token` on a plain
   * [N, L, D] tensor makes one ([N, 1 + L, D], cls shared); without a cls token a sequence stays a plain tensor.
   */
  readonly sequence?: boolean;
}

/** Where time lives in a value, tracked through frames/unframes. */
export interface TimeAxis {
  /** The number of frames T. */
  readonly length: number;
  /** 'merged': axis 0 is N*T (frame-major inside each clip); 'axis': time is its own axis `axis`. */
  readonly form: 'merged' | 'axis';
  readonly axis: number;
}

/**
 * How an int8 model stores a float value: uint8 q with x = scale * (q - zeroPoint) (ONNX QuantizeLinear's
 * convention). Set on values by `--precision int8` (compiler/quantize); absent on float values.
 */
export interface QuantParams {
  readonly scale: number;
  /** 0..255; zero is exactly representable (it is the zero point), so padding with it is exact. */
  readonly zeroPoint: number;
}

export interface IRValue {
  readonly id: string;
  readonly dtype: DType;
  readonly shape: readonly Dim[];
  readonly time?: TimeAxis;
  readonly tokens?: TokenLayout;
  /** Where the value was produced (the call or input declaration). */
  readonly span: Span;
  /** Present when the int8 model stores this value as uint8 (compiler/quantize/annotate.ts). */
  readonly quant?: QuantParams;
}

/** How a parameter is initialized when no weights file gives it. */
export type ParamInit =
  | { readonly kind: 'zeros' }
  | { readonly kind: 'ones' }
  /** Kaiming normal, fan_out, ReLU gain (torchvision ResNet/MobileNetV2 convolutions). */
  | { readonly kind: 'kaiming_normal_fan_out' }
  /** PyTorch's default Linear/Conv init: uniform(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
  | { readonly kind: 'uniform_fan_in'; readonly fanIn: number }
  | { readonly kind: 'normal'; readonly std: number }
  /** Truncated normal at +-2 std (TimeSformer's trunc_normal_(std=.02)). */
  | { readonly kind: 'trunc_normal'; readonly std: number };

export type ParamDType = 'f32' | 'i8' | 'i32';

export interface IRParam {
  /** Full hierarchical name, as in the reference implementation's state dict: `layer1.0.conv1.weight`. */
  readonly name: string;
  readonly shape: readonly number[];
  /**
   * 'f32' for every parameter a program declares; 'i8' (weights) and 'i32' (biases) are quantized
   * parameters written by `--precision int8`, their integer values held as floats in the weight table.
   */
  readonly dtype: ParamDType;
  readonly init: ParamInit;
  /**
   * An 'i8' weight's zero point, the same for every output channel (absent: 0, symmetric). A weight of
   * zero point -1 holds q - 1 for the symmetric value q: the same integer sums (compiler/quantize/rules.ts).
   */
  readonly zeroPoint?: number;
}

export type ScalarArithOp = 'add' | 'sub' | 'mul' | 'div';

export type AttentionOver = 'time' | 'space' | 'all' | 'local' | 'global' | 'width' | 'height';

/** Per-op attributes. A fact about an op lives with its schema in ops/<op>.ts; this is only the data. */
export interface OpAttrs {
  conv: {
    readonly spatialDims: 1 | 2 | 3;
    readonly outChannels: number;
    readonly kernel: readonly number[];
    readonly stride: readonly number[];
    /** ONNX order: all begins, then all ends. */
    readonly pads: readonly number[];
    readonly dilation: readonly number[];
    readonly groups: number;
  };
  batchnorm: { readonly eps: number };
  layernorm: { readonly eps: number };
  relu: Record<string, never>;
  relu6: Record<string, never>;
  gelu: Record<string, never>;
  /** GELU's tanh approximation (PyTorch `GELU(approximate='tanh')`, flax's default `gelu`). */
  gelu_tanh: Record<string, never>;
  sigmoid: Record<string, never>;
  /** x * sigmoid(x) (SiLU, also spelled swish). */
  silu: Record<string, never>;
  /** x * relu6(x + 3) / 6 (PyTorch's Hardswish). */
  hardswish: Record<string, never>;
  /** relu6(x + 3) / 6 (PyTorch's Hardsigmoid). */
  hardsigmoid: Record<string, never>;
  tanh: Record<string, never>;
  /** x where x >= 0, slope * x elsewhere. */
  leaky_relu: { readonly slope: number };
  softmax: { readonly axis: number };
  maxpool: { readonly kernel: readonly number[]; readonly stride: readonly number[]; readonly pads: readonly number[] };
  avgpool: {
    readonly kernel: readonly number[];
    readonly stride: readonly number[];
    readonly pads: readonly number[];
    readonly countIncludePad: boolean;
  };
  /** Mean over every axis after the channel axis, keeping [B, C]. */
  global_avgpool: Record<string, never>;
  /** y = x W^T + b over the last axis. */
  linear: { readonly outFeatures: number };
  /** Element-wise sum with NumPy broadcasting. */
  add: Record<string, never>;
  /** Element-wise difference, product and quotient of two tensors, with NumPy broadcasting. */
  sub: Record<string, never>;
  mul: Record<string, never>;
  div: Record<string, never>;
  /** A tensor and a number: `x * 0.5` (the number second) or `1 - x` (`numberFirst`). */
  scalar_arith: { readonly op: ScalarArithOp; readonly value: number; readonly numberFirst: boolean };
  /** Token sum: a patch-only value (`cls: none`) added to the patch tokens of a full token value; cls passes through. */
  add_patches: Record<string, never>;
  /** Dropout and other inference no-ops; removed by the identity pass. */
  identity: Record<string, never>;
  /** [N, T, ...] -> [N*T, ...] */
  frames: { readonly frames: number };
  /** [N*T, ...] -> [N, T, ...] */
  unframes: { readonly frames: number };
  /** [N*T, ...] -> [N, ...]: mean over the T frames of each clip. */
  consensus: { readonly frames: number };
  /**
   * Temporal shift on [N*T, C, ...]: channels [0, f) of frame t come from frame t+1 (both) or t-1 (past);
   * with 'both', channels [f, 2f) come from t-1, where f = foldChannels (C // fold_div, a channel count,
   * not the language's fraction). Frames from outside the clip are zeros. Groups: ir/ops/shift.ts shiftChannelGroups.
   */
  shift: { readonly frames: number; readonly foldChannels: number; readonly direction: 'both' | 'past' };
  flatten: { readonly axis: number };
  reshape: { readonly shape: readonly Dim[] };
  transpose: { readonly perm: readonly number[] };
  /** Mean over the given axes, dropping them. */
  mean: { readonly axes: readonly number[] };
  /**
   * [N, C, T, H, W] -> tokens [N, (T/t)*(H/ph)*(W/pw), D] (cls: none): a convolution with kernel = stride =
   * `kernel` (t, ph, pw); t = 1 with a 4-D weight is TimeSformer's per-frame Conv2d, else VideoMAE's tubelet Conv3d.
   */
  patch_embed: { readonly kernel: readonly [number, number, number]; readonly dim: number };
  /** Prepends the learnable cls token to every frame: cls none -> per_frame. */
  cls_token: Record<string, never>;
  /**
   * Adds a position embedding, one position per token of a row (cls first when there is one): learned
   * (the parameter) or VideoMAE's fixed sin-cos table. `acrossFrames`: the positions differ between the
   * frames of a row (joint tokens, sequences), so the op is not per-frame.
   */
  pos_embed: { readonly table: 'learned' | 'sincos'; readonly acrossFrames: boolean };
  /** Adds the learnable time embedding (T positions) to the patch tokens; per_frame -> shared (one cls token). */
  time_embed: Record<string, never>;
  /**
   * Multi-head self-attention (qkv and proj linears with biases, scale head_dim^-0.5) over groups of tokens
   * chosen by `over`. With `cls`, the cls token joins every group and its per-group outputs are averaged;
   * without, the output is patch-only (cls: none). `bias`: which of q, k, v have a bias (`qkv.bias`, or
   * VideoMAE's `q_bias` and `v_bias` with none on k, or none at all).
   */
  attention: {
    readonly heads: number;
    readonly bias: 'qkv' | 'qv' | 'none';
    readonly dim: number;
    readonly over: AttentionOver;
    readonly cls: boolean;
    readonly layout: TokenLayout;
  };
  /** Tokens -> the cls token [N, D]. */
  select_cls: Record<string, never>;
  /**
   * Move along time on [N*T, C, ...]: frame t takes frame t + offset (+1 or -1); zeros past the clip's
   * edge. Of channels [start, end) only when `channels` is given (the output has end - start). Added
   * by fuse-shift-conv for one channel group.
   */
  time_shift: { readonly frames: number; readonly offset: number; readonly channels?: readonly [number, number] };
  /** Channels [start, end) of `axis` (a copy); the fallback when a producer cannot write a channel group apart. */
  slice: { readonly axis: number; readonly start: number; readonly end: number };
  /** Concatenation along `axis`; rebuilds a whole tensor from channel groups where something needs it whole. */
  concat: { readonly axis: number };
  /**
   * The online (streaming) form of a past-only shift on one frame [N, C, ...]: inputs [x, cache], outputs
   * [y, new cache]. y takes channels [0, foldChannels) from the cache (the previous frame's), the rest from x;
   * the new cache is x's channels [0, foldChannels). Made by `vnetc compile --online`.
   */
  cache_shift: { readonly foldChannels: number };
}

export type OpName = keyof OpAttrs;

interface NodeBase {
  readonly id: string;
  /** Hierarchical name (`layer1.0.conv1`); the ONNX node name and the prefix of its parameters. */
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Parameters by role: conv { weight, bias? }, batchnorm { weight, bias, running_mean, running_var }, ... */
  readonly params: Readonly<Record<string, IRParam>>;
  readonly span: Span;
}

export type IRNode = { [K in OpName]: NodeBase & { readonly op: K; readonly attrs: OpAttrs[K] } }[OpName];

export type NodeOf<K extends OpName> = Extract<IRNode, { op: K }>;

export interface IRGraph {
  /** The network's name. */
  readonly name: string;
  /** Graph inputs: value ids, in declaration order; each value's id is the declared name. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly values: Readonly<Record<string, IRValue>>;
  /** Topologically ordered. */
  readonly nodes: readonly IRNode[];
  /** Compile-time constants after --set, for model metadata. */
  readonly constants: Readonly<Record<string, number | string | boolean>>;
  /** The network's `preprocess` section, checked (written to the model's metadata). */
  readonly preprocess?: Preprocess;
}

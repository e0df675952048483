/**
 * The contract between the ONNX emitter and the per-op lowerings: a lowering turns one IR node
 * into ONNX nodes through this context and never touches protobuf messages itself.
 */
import type { IRGraph, IRParam, NodeOf, OpName } from '../../ir/graph.js';

export type Target = 'portable' | 'ort-cpu' | 'ort-cuda';

export type OnnxAttr = number | string | readonly number[] | readonly string[] | OnnxTensor;

export type OnnxDType = 'float32' | 'float16' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool';

export interface OnnxTensor {
  readonly dtype: OnnxDType;
  readonly dims: readonly number[];
  /** float32 -> Float32Array, int64 -> BigInt64Array, int32 -> Int32Array, int8 -> Int8Array, bool and uint8 -> Uint8Array, float16 -> Uint16Array */
  readonly data: Float32Array | BigInt64Array | Int32Array | Int8Array | Uint8Array | Uint16Array;
}

export interface EmitNodeOptions {
  /** Number of outputs (default 1). */
  readonly outputs?: number;
  /** Operator domain: '' for standard ONNX, 'com.microsoft' for onnxruntime contrib ops. */
  readonly domain?: string;
  /** Suffix added to the IR node's name to make the ONNX node name unique (`layer1.0.conv1/pad`). */
  readonly nameSuffix?: string;
  /** Use these exact output names (e.g. the IR value names) instead of fresh ones. */
  readonly outputNames?: readonly string[];
}

export interface LowerContext {
  readonly target: Target;
  readonly opset: number;
  readonly graph: IRGraph;
  /** The ONNX tensor name of an IR value id. */
  value(id: string): string;
  /** The initializer name of a parameter (its hierarchical name); registers it on first use. */
  param(p: IRParam): string;
  /**
   * A constant initializer (small: shape vectors, axes, scales); returns its name. Never activation-sized.
   * `table`: a fixed table the size of a parameter that the compiler computes (VideoMAE's sin-cos positions).
   */
  constant(hint: string, tensor: OnnxTensor, options?: { readonly table?: boolean }): string;
  /** Emits one ONNX node and returns its output names. */
  emit(opType: string, inputs: readonly string[], attrs?: Readonly<Record<string, OnnxAttr>>, options?: EmitNodeOptions): string[];
  /**
   * int8 models: the uint8 tensor of a value the model stores quantized (its `quant`), for the lowerings
   * that run on uint8 data (compiler/emit/lower/uint8.ts); quantized where it is read when it came as float.
   */
  quantized(id: string): string;
  /**
   * int8 models: QuantizeLinear of `float`, a tensor holding value `id` (or what becomes it through ops
   * that only move values), with id's scale and zero point, where the lowering wants it; the lowering
   * then returns a uint8 tensor for `id` (global_avgpool quantizes before its Flatten).
   */
  storeQuantized(id: string, float: string): string;
}

/**
 * Lowers one IR node. It must produce exactly the node's outputs: the returned names are bound to
 * `node.outputs` in order (the emitter inserts nothing else).
 */
export type Lowering<K extends OpName> = (node: NodeOf<K>, ctx: LowerContext) => string[];

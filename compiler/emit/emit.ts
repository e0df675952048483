import { CONTRACT_KEYS, CONTRACT_PREFIXES } from '../../contract/keys.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { LoweringFailed, UnsupportedOpset } from '../../base/diagnostics/codes.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import type { IRGraph, IRParam } from '../ir/graph.js';
import { elementCount, type WeightSource } from '../weights/source.js';
import { seededWeights } from '../weights/init.js';
import { GraphBuilder, type NodeProvenance } from './builder.js';
import { emitGraph } from './graph.js';
import type { OnnxTensor, Target } from './lower/context.js';
import { lowerNode } from './lower/index.js';
import { emitModelProto } from './model.js';
import { DEFAULT_OPSET, MAX_OPSET, MIN_OPSET, isSupportedOpset } from './opset.js';
import type { IModelProto, ITensorProto, IValueInfoProto } from './proto.js';
import { emitTensor } from './tensor.js';
import { emitValueInfo } from './value-info.js';
import { vnetVersion } from './version.js';

export interface EmitOptions {
  readonly target: Target;
  /** ONNX opset, 17 (default) to 21. */
  readonly opset?: number;
  /** Parameter values; seeded initial values (seed 0) when absent. */
  readonly weights?: WeightSource;
  /** Extra metadata_props (source hash, --set values); vnet adds its version, target and the graph's constants. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Write the IR shapes of intermediate values as value_info (default true). */
  readonly valueInfo?: boolean;
}

export interface EmitResult {
  /** Absent when an error was reported. */
  readonly model?: IModelProto;
  /** ONNX node name -> the IR node it was lowered from. */
  readonly provenance?: ReadonlyMap<string, NodeProvenance>;
  readonly diagnostics: Diagnostic[];
}

/** IR graph -> ONNX ModelProto. Reports (never throws) when an op cannot be lowered. */
export function emitModel(graph: IRGraph, options: EmitOptions): EmitResult {
  const opset = options.opset ?? DEFAULT_OPSET;
  if (!isSupportedOpset(opset)) {
    return { diagnostics: [diagnose(UnsupportedOpset, { opset, min: MIN_OPSET, max: MAX_OPSET })] };
  }
  const builder = new GraphBuilder(graph, options.target, opset);
  const diagnostics: Diagnostic[] = [];
  for (const node of graph.nodes) {
    try {
      builder.lower(node, lowerNode);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      diagnostics.push(diagnose(LoweringFailed, { op: node.op, node: node.name, reason }, node.span));
    }
  }
  if (diagnostics.length > 0) return { diagnostics };
  try {
    builder.bindGraphOutputs();
    const initializers = [...paramTensors(builder, options.weights ?? seededWeights(0)), ...constantTensors(builder)];
    const model = emitModelProto({
      graph: emitGraph({
        name: graph.name,
        nodes: builder.nodes,
        inputs: graph.inputs.map((id) => valueInfoOf(graph, id)),
        outputs: graph.outputs.map((id) => valueInfoOf(graph, id)),
        initializers,
        valueInfo: options.valueInfo === false ? [] : intermediateValueInfo(graph, builder),
      }),
      opset,
      domains: Object.fromEntries(builder.domains),
      producerVersion: vnetVersion(),
      metadata: modelMetadata(graph, options),
    });
    return { model, provenance: builder.provenance, diagnostics };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { diagnostics: [diagnose(LoweringFailed, { op: 'graph', node: graph.name, reason })] };
  }
}

function paramTensors(builder: GraphBuilder, weights: WeightSource): ITensorProto[] {
  return [...builder.params.values()].map((p) => {
    const data = weights.tensor(p);
    if (data.length !== elementCount(p.shape)) {
      throw new Error(`weights for '${p.name}' have ${data.length} values, the shape [${p.shape.join(', ')}] needs ${elementCount(p.shape)}`);
    }
    return emitTensor(p.name, paramTensor(p, data));
  });
}

/** A parameter's values as its element type: int8 weights and int32 biases hold integers (compiler/quantize). */
function paramTensor(p: IRParam, data: Float32Array): OnnxTensor {
  switch (p.dtype) {
    case 'f32':
      return { dtype: 'float32', dims: p.shape, data };
    case 'i8':
      return { dtype: 'int8', dims: p.shape, data: Int8Array.from(data) };
    case 'i32':
      return { dtype: 'int32', dims: p.shape, data: Int32Array.from(data) };
  }
}

function constantTensors(builder: GraphBuilder): ITensorProto[] {
  return [...builder.constants].map(([name, tensor]) => emitTensor(name, tensor));
}

function valueInfoOf(graph: IRGraph, id: string): IValueInfoProto {
  const value = graph.values[id];
  if (!value) throw new Error(`graph input or output '${id}' has no value`);
  return emitValueInfo(id, value.dtype, value.shape);
}

/** Shapes of the IR values produced as their own ONNX tensors (not inputs, outputs or aliases). */
function intermediateValueInfo(graph: IRGraph, builder: GraphBuilder): IValueInfoProto[] {
  const boundary = new Set([...graph.inputs, ...graph.outputs]);
  return Object.values(graph.values)
    .filter((v) => !boundary.has(v.id) && builder.produced(builder.tensorName(v.id)))
    .map((v) => emitValueInfo(builder.tensorName(v.id), builder.isUint8(builder.tensorName(v.id)) ? 'u8' : v.dtype, v.shape));
}

function modelMetadata(graph: IRGraph, options: EmitOptions): Record<string, string> {
  const constants = Object.entries(graph.constants).map(([k, v]) => [`${CONTRACT_PREFIXES.constant}${k}`, String(v)] as const);
  return {
    [CONTRACT_KEYS.version]: vnetVersion(),
    [CONTRACT_KEYS.network]: graph.name,
    [CONTRACT_KEYS.target]: options.target,
    ...Object.fromEntries(constants),
    ...options.metadata,
  };
}

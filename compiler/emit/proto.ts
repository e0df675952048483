/**
 * The one place the ONNX protobuf classes are imported. onnx-proto is CommonJS (protobufjs 6
 * static code); under ESM its namespace is the default export.
 */
import onnxProto from 'onnx-proto';

export const onnx = onnxProto.onnx;
export type ModelProto = onnxProto.onnx.ModelProto;
export type IModelProto = onnxProto.onnx.IModelProto;
export type IGraphProto = onnxProto.onnx.IGraphProto;
export type GraphProto = onnxProto.onnx.GraphProto;
export type TensorProto = onnxProto.onnx.TensorProto;
export type INodeProto = onnxProto.onnx.INodeProto;
export type IAttributeProto = onnxProto.onnx.IAttributeProto;
export type ITensorProto = onnxProto.onnx.ITensorProto;
export type IValueInfoProto = onnxProto.onnx.IValueInfoProto;

/** Serializes a model to the bytes of a `.onnx` file. */
export function encodeModel(model: IModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

export function decodeModel(bytes: Uint8Array): ModelProto {
  return onnx.ModelProto.decode(bytes);
}

/** The graph of decoded model bytes (decoding makes message instances, with every repeated field present). */
export function decodeGraph(bytes: Uint8Array): GraphProto {
  const graph = decodeModel(bytes).graph;
  if (!graph) throw new Error('the model has no graph');
  return graph as GraphProto;
}

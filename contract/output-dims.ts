/**
 * The declared dims of an ONNX model's first graph output (the logits of a vnet model), read straight
 * from the bytes as read-metadata.ts reads the metadata: only ModelProto.graph (7), GraphProto.output
 * (12) and the first ValueInfoProto's tensor type are walked; the weights are skipped unread.
 * A dim is its number, or its symbolic name; undefined when the model declares no shape.
 */
import { WireReader } from './read-metadata.js';

const MODEL_GRAPH = 7;
const GRAPH_OUTPUT = 12;
const VALUE_INFO_TYPE = 2;
const TYPE_TENSOR = 1;
const TENSOR_SHAPE = 2;
const SHAPE_DIM = 1;
const DIM_VALUE = 1;
const DIM_PARAM = 2;

export function firstOutputDims(bytes: Uint8Array): (number | string)[] | undefined {
  const graph = field(bytes, MODEL_GRAPH);
  const output = graph && field(graph, GRAPH_OUTPUT);
  const type = output && field(output, VALUE_INFO_TYPE);
  const tensor = type && field(type, TYPE_TENSOR);
  const shape = tensor && field(tensor, TENSOR_SHAPE);
  if (!shape) return undefined;
  const dims: (number | string)[] = [];
  const reader = new WireReader(shape);
  while (!reader.done()) {
    const tag = reader.varint();
    if (tag !== (SHAPE_DIM << 3) + 2) {
      if (!reader.skip(tag & 7)) return undefined;
      continue;
    }
    dims.push(dimension(reader.bytes()));
  }
  return dims;
}

/** A Dimension: dim_value (a varint) or dim_param (a name); '?' when it gives neither. */
function dimension(bytes: Uint8Array): number | string {
  const reader = new WireReader(bytes);
  let dim: number | string = '?';
  while (!reader.done()) {
    const tag = reader.varint();
    if (tag === DIM_VALUE << 3) dim = reader.varint();
    else if (tag === (DIM_PARAM << 3) + 2) dim = new TextDecoder().decode(reader.bytes());
    else if (!reader.skip(tag & 7)) break;
  }
  return dim;
}

/** The first length-delimited value of field `number` in a message, or undefined. */
function field(message: Uint8Array, number: number): Uint8Array | undefined {
  const reader = new WireReader(message);
  while (!reader.done()) {
    const tag = reader.varint();
    if (tag === (number << 3) + 2) return reader.bytes();
    if (!reader.skip(tag & 7)) return undefined;
  }
  return undefined;
}

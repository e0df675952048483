/**
 * The tensors of an ONNX model whose bytes live in external data files, read straight from the model's
 * bytes (as read-metadata.ts reads its metadata, without decoding the weights): every TensorProto of
 * the graph, its subgraphs, sparse tensors, functions and training graphs whose data_location is
 * EXTERNAL, with the file it names and the byte range of that file it takes.
 */
import { WireReader, readEntry } from './read-metadata.js';
import type { Result } from '../base/result.js';

export interface ExternalTensor {
  readonly name: string;
  /** The `location` entry: a path relative to the model file, as written. */
  readonly location: string;
  /** Where its bytes end in that file: `offset` + `length` (or the size its shape and type need). */
  readonly end: number;
}

export type ExternalTensors = Result<ExternalTensor[]>;

/** Bits per element of each ONNX TensorProto.DataType that can be stored as raw bytes. */
const ELEMENT_BITS: Readonly<Record<number, number>> = {
  1: 32,
  2: 8,
  3: 8,
  4: 16,
  5: 16,
  6: 32,
  7: 64,
  9: 8,
  10: 16,
  11: 64,
  12: 32,
  13: 64,
  14: 64,
  15: 128,
  16: 16,
  17: 8,
  18: 8,
  19: 8,
  20: 8,
  21: 4,
  22: 4,
  23: 4,
};

const EXTERNAL = 1;
/** Graphs inside graphs (If, Loop, Scan bodies) deeper than this are not a model anyone wrote. */
const MAX_DEPTH = 64;

type Walk = (bytes: Uint8Array, depth: number, out: ExternalTensor[]) => string | undefined;

/** Field number -> how to walk the message it holds, for each message that can hold tensors. */
const MODEL: Record<number, Walk> = {
  7: (b, d, o) => walk(GRAPH, b, d + 1, o),
  20: (b, d, o) => walk(TRAINING, b, d, o),
  25: (b, d, o) => walk(FUNCTION, b, d, o),
};
const TRAINING: Record<number, Walk> = { 1: (b, d, o) => walk(GRAPH, b, d + 1, o), 2: (b, d, o) => walk(GRAPH, b, d + 1, o) };
const FUNCTION: Record<number, Walk> = { 7: (b, d, o) => walk(NODE, b, d, o) };
const GRAPH: Record<number, Walk> = { 1: (b, d, o) => walk(NODE, b, d, o), 5: tensor, 15: (b, d, o) => walk(SPARSE, b, d, o) };
const SPARSE: Record<number, Walk> = { 1: tensor, 2: tensor };
const NODE: Record<number, Walk> = { 5: (b, d, o) => walk(ATTRIBUTE, b, d, o) };
const ATTRIBUTE: Record<number, Walk> = {
  5: tensor,
  6: (b, d, o) => walk(GRAPH, b, d + 1, o),
  10: tensor,
  11: (b, d, o) => walk(GRAPH, b, d + 1, o),
  22: (b, d, o) => walk(SPARSE, b, d, o),
  23: (b, d, o) => walk(SPARSE, b, d, o),
};

export function externalTensors(model: Uint8Array): ExternalTensors {
  const tensors: ExternalTensor[] = [];
  const reason = walk(MODEL, model, 0, tensors);
  return reason === undefined ? { ok: true, value: tensors } : { ok: false, error: reason };
}

function walk(fields: Record<number, Walk>, bytes: Uint8Array, depth: number, out: ExternalTensor[]): string | undefined {
  if (depth > MAX_DEPTH) return `its graphs are nested more than ${MAX_DEPTH} deep`;
  const reader = new WireReader(bytes);
  while (!reader.done()) {
    const tag = reader.varint();
    const next = fields[tag >>> 3];
    if (next !== undefined && (tag & 7) === 2) {
      const reason = next(reader.bytes(), depth, out);
      if (reason !== undefined) return reason;
    } else if (!reader.skip(tag & 7)) {
      break;
    }
  }
  return undefined;
}

/** A TensorProto: dims = 1, data_type = 2, name = 8, external_data = 13, data_location = 14. */
function tensor(bytes: Uint8Array, _depth: number, out: ExternalTensor[]): string | undefined {
  const reader = new WireReader(bytes);
  const dims: number[] = [];
  const entries = new Map<string, string>();
  let type = 0;
  let name = '';
  let location = 0;
  const text = new TextDecoder();
  while (!reader.done()) {
    const tag = reader.varint();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === 0) dims.push(reader.varint());
    else if (field === 1 && wire === 2) dims.push(...packedVarints(reader.bytes()));
    else if (field === 2 && wire === 0) type = reader.varint();
    else if (field === 8 && wire === 2) name = text.decode(reader.bytes());
    else if (field === 13 && wire === 2) {
      const entry = readEntry(reader.bytes());
      if (entry) entries.set(entry[0], entry[1]);
    } else if (field === 14 && wire === 0) location = reader.varint();
    else if (!reader.skip(wire)) break;
  }
  if (location !== EXTERNAL) return undefined;
  const file = entries.get('location');
  if (file === undefined || file === '') return `tensor '${name}' is external but names no location`;
  const offset = wholeNumber(entries.get('offset') ?? '0');
  const given = entries.get('length');
  const bits = ELEMENT_BITS[type];
  const length = given !== undefined ? wholeNumber(given) : bits !== undefined ? Math.ceil((dims.reduce((a, b) => a * b, 1) * bits) / 8) : undefined;
  if (offset === undefined || length === undefined) return `tensor '${name}' gives no valid offset and length for its external data`;
  out.push({ name, location: file, end: offset + length });
  return undefined;
}

function packedVarints(bytes: Uint8Array): number[] {
  const reader = new WireReader(bytes);
  const out: number[] = [];
  while (!reader.done()) out.push(reader.varint());
  return out;
}

function wholeNumber(text: string): number | undefined {
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

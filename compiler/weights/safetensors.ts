/**
 * Reading safetensors files (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * header length N, N bytes of JSON `{ name: { dtype, shape, data_offsets: [begin, end] }, ... }`
 * (plus an optional `__metadata__` of strings), then the data, offsets relative to its start.
 * Parsing is strict and never throws: every problem is a one-line message.
 */
import { halfToFloat } from '../../io/half-float.js';
import { firstRepeat, topLevelKeys } from './json-keys.js';
import { MAX_NAME_CHARS, shortName } from './limits.js';
import { decodeFloats, type NamedTensor } from './tensor.js';
import type { Result } from '../../base/result.js';

/** The format's own limit on the header, which keeps a corrupt length from allocating gigabytes. */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

/** Bytes per element of every dtype the format defines (vnet converts only F32 and F16). */
const DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
};

export interface SafetensorsEntry {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  /** Byte range in the data section. */
  readonly begin: number;
  readonly end: number;
}

export interface SafetensorsFile {
  /** Tensors in header order. */
  readonly entries: readonly SafetensorsEntry[];
  readonly metadata: Readonly<Record<string, string>>;
  /** The data section (after the header). */
  readonly data: Uint8Array;
}

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

export function parseSafetensors(bytes: Uint8Array): Result<SafetensorsFile> {
  if (bytes.length < 8) return fail(`truncated: ${bytes.length} bytes, too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(MAX_HEADER_BYTES)) return fail(`header too long: ${declared} bytes (the limit is ${MAX_HEADER_BYTES})`);
  const headerLength = Number(declared);
  if (8 + headerLength > bytes.length) {
    return fail(`truncated: the header needs ${headerLength} bytes but only ${bytes.length - 8} follow the length`);
  }
  let json: unknown;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
    json = JSON.parse(text);
  } catch (error) {
    return fail(`bad header: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(json)) return fail('bad header: expected a JSON object');
  const keys = topLevelKeys(text);
  const long = keys.find((k) => k.length > MAX_NAME_CHARS);
  if (long !== undefined)
    return { ok: false, error: `a tensor name of ${long.length} characters, ${shortName(long, 40)}; the limit is ${MAX_NAME_CHARS}`, limit: true };
  const repeated = firstRepeat(keys);
  if (repeated !== undefined) return fail(`bad header: the name '${repeated}' appears twice`);
  const data = bytes.subarray(8 + headerLength);
  const metadata = parseMetadata(json['__metadata__']);
  if (!metadata.ok) return metadata;
  const entries: SafetensorsEntry[] = [];
  for (const [name, raw] of Object.entries(json)) {
    if (name === '__metadata__') continue;
    const entry = parseEntry(name, raw, data.length);
    if (!entry.ok) return entry;
    entries.push(entry.value);
  }
  const overlap = findOverlap(entries);
  if (overlap) return fail(overlap);
  return { ok: true, value: { entries, metadata: metadata.value, data } };
}

function parseMetadata(raw: unknown): Result<Record<string, string>> {
  if (raw === undefined) return { ok: true, value: {} };
  if (!isObject(raw) || !Object.values(raw).every((v) => typeof v === 'string')) {
    return fail('bad header: __metadata__ must map strings to strings');
  }
  return { ok: true, value: raw as Record<string, string> };
}

function parseEntry(name: string, raw: unknown, dataLength: number): Result<SafetensorsEntry> {
  if (!isObject(raw)) return fail(`bad header: entry '${name}' is not an object`);
  const { dtype, shape, data_offsets: offsets } = raw;
  if (typeof dtype !== 'string') return fail(`bad header: entry '${name}' has no dtype`);
  const width = DTYPE_BYTES[dtype];
  if (width === undefined) return fail(`bad header: entry '${name}' has unknown dtype '${dtype}'`);
  if (!Array.isArray(shape) || !shape.every(isCount)) return fail(`bad header: entry '${name}' has a bad shape`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    return fail(`bad header: entry '${name}' needs data_offsets [begin, end]`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLength) {
    return fail(`offsets out of range: '${name}' spans bytes ${begin}..${end} of a ${dataLength}-byte data section`);
  }
  const expected = (shape as number[]).reduce((n, d) => n * d, 1) * width;
  if (end - begin !== expected) {
    return fail(`bad header: '${name}' is ${dtype} [${shape.join(', ')}] (${expected} bytes) but its offsets span ${end - begin} bytes`);
  }
  return { ok: true, value: { name, dtype, shape: shape as number[], begin, end } };
}

function findOverlap(entries: readonly SafetensorsEntry[]): string | undefined {
  const sorted = [...entries].filter((e) => e.end > e.begin).sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < sorted.length; i++) {
    const [prev, next] = [sorted[i - 1] as SafetensorsEntry, sorted[i] as SafetensorsEntry];
    if (next.begin < prev.end) return `bad header: tensors '${prev.name}' and '${next.name}' overlap`;
  }
  return undefined;
}

/** The entry's values as float32 (F16 converted); an error for any other dtype. */
export function readFloat32(file: SafetensorsFile, entry: SafetensorsEntry): Result<Float32Array> {
  const bytes = file.data.subarray(entry.begin, entry.end);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (entry.dtype === 'F32') return decodeFloats(bytes, 'F32', bytes.length / 4);
  if (entry.dtype === 'F16') {
    const out = new Float32Array(bytes.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
    return { ok: true, value: out };
  }
  if (entry.dtype === 'BF16' || entry.dtype === 'F64') return decodeFloats(bytes, entry.dtype, bytes.length / (entry.dtype === 'F64' ? 8 : 2));
  return fail(`tensor '${entry.name}' has dtype ${entry.dtype}; only F32, F16, BF16 and F64 are supported`);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/** The file's tensors, in header order, for binding. */
export function safetensorsTensors(file: SafetensorsFile): NamedTensor[] {
  return file.entries.map((entry) => ({
    name: entry.name,
    dtype: entry.dtype,
    shape: entry.shape,
    problem: () => undefined,
    read: () => readFloat32(file, entry),
  }));
}

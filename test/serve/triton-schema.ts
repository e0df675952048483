/**
 * Triton's schema as an independent reader: model_config.proto compiled by protoc for Python's
 * google.protobuf.text_format (Debian protobuf-compiler and python3-protobuf). Absent tools skip the
 * tests that need them, saying so.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { modelConfigType } from '../../serve/triton/schema.js';

const PROTO_DIR = path.resolve(__dirname, '../../serve/triton');
const PARSER = path.resolve(__dirname, 'parse-pbtxt.py');
const PYTHON = '/usr/bin/python3';

let compiled: string | null | undefined;

/** The folder holding model_config_pb2.py, or null when protoc or python3-protobuf is missing. */
function compiledSchema(): string | null {
  if (compiled !== undefined) return compiled;
  const out = mkdtempSync(path.join(tmpdir(), 'vnet-triton-pb-'));
  const protoc = spawnSync('protoc', [`--proto_path=${PROTO_DIR}`, `--python_out=${out}`, path.join(PROTO_DIR, 'model_config.proto')]);
  const python = spawnSync(PYTHON, ['-c', 'import google.protobuf']);
  compiled = protoc.status === 0 && python.status === 0 ? out : null;
  return compiled;
}

export const tritonSchemaMissing: string | false =
  compiledSchema() === null ? 'protoc (Debian protobuf-compiler) or python3-protobuf is missing: Triton schema parse tests skipped' : false;

/** Parses each config.pbtxt with Python's text_format against Triton's schema; returns each one's binary encoding. */
export function parseWithTritonSchema(files: readonly string[]): Uint8Array[] {
  const dir = compiledSchema();
  if (dir === null) throw new Error(tritonSchemaMissing || 'no schema');
  const run = spawnSync(PYTHON, [PARSER, dir, ...files], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`text_format.Parse failed:\n${run.stderr}`);
  return (JSON.parse(run.stdout) as string[]).map((hex) => Uint8Array.from(Buffer.from(hex, 'hex')));
}

interface ParsedState {
  input_name: string;
  output_name: string;
  data_type: string;
  dims: number[];
  initial_state: { zero_data?: boolean; dims: number[]; data_type: string }[];
}
export interface ParsedConfig {
  name: string;
  max_batch_size: number;
  input: { name: string; dims: number[] }[];
  output: { name: string; dims: number[]; label_filename?: string }[];
  dynamic_batching?: object;
  sequence_batching?: { state: ParsedState[]; oldest?: { max_candidate_sequences?: number }; max_sequence_idle_microseconds?: number };
  instance_group: { kind: string; count: number }[];
  parameters?: Record<string, { string_value: string }>;
}

/** config.pbtxt read back through Triton's schema (Python text_format), as protobufjs plain data. */
export function parsedConfig(file: string): ParsedConfig {
  const [bytes] = parseWithTritonSchema([file]);
  const type = modelConfigType();
  return type.toObject(type.decode(bytes as Uint8Array), { enums: String, longs: Number }) as ParsedConfig;
}

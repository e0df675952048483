import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../serve/triton/config.js';
import { writeTextFormat } from '../../serve/triton/pbtxt.js';
import { modelConfigType } from '../../serve/triton/schema.js';
import { parseWithTritonSchema, tritonSchemaMissing } from './triton-schema.js';

const dir = mkdtempSync(path.join(tmpdir(), 'vnet-pbtxt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OFFLINE: ModelConfig = {
  name: 'tsn',
  platform: 'onnxruntime_onnx',
  max_batch_size: 8,
  input: [{ name: 'clip', data_type: 'TYPE_FP32', dims: [8, 3, 224, 224] }],
  output: [{ name: 'output', data_type: 'TYPE_FP32', dims: [400], label_filename: 'labels.txt' }],
  dynamic_batching: { preferred_batch_size: [4, 8], max_queue_delay_microseconds: 100 },
  instance_group: [{ count: 2, kind: 'KIND_GPU' }],
  parameters: { 'vnet.frames': { string_value: '8' }, 'quote "and" \\ and é': { string_value: 'line\nbreak' } },
};

const ONLINE: ModelConfig = {
  name: 'tsm_online',
  platform: 'onnxruntime_onnx',
  max_batch_size: 4,
  input: [{ name: 'clip', data_type: 'TYPE_FP32', dims: [3, -1, 224] }],
  output: [{ name: 'output', data_type: 'TYPE_FP32', dims: [27] }],
  sequence_batching: {
    max_sequence_idle_microseconds: 5_000_000,
    oldest: { max_candidate_sequences: 4, preferred_batch_size: [], max_queue_delay_microseconds: 100 },
    state: [
      {
        input_name: 'a.cache',
        output_name: 'a.cache_next',
        data_type: 'TYPE_FP32',
        dims: [3, 56, 56],
        initial_state: [{ name: 'zeros', data_type: 'TYPE_FP32', dims: [3, 56, 56], zero_data: true }],
      },
    ],
  },
  instance_group: [{ count: 1, kind: 'KIND_CPU' }],
};

/** What protobufjs makes of a decoded ModelConfig, in the plain-data form the builders write. */
function asPlainData(bytes: Uint8Array): unknown {
  const type = modelConfigType();
  return type.toObject(type.decode(bytes), { enums: String, longs: Number, arrays: false, defaults: false });
}

/** The config as proto3 holds it: empty lists are absent. */
function withoutEmptyLists(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyLists);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => [k, withoutEmptyLists(v)]),
  );
}

describe('writeTextFormat', () => {
  it('writes fields in declaration order, enums bare, strings quoted, maps as key/value', () => {
    const text = writeTextFormat(modelConfigType(), OFFLINE);
    expect(text.split('\n').slice(0, 4)).toEqual(['name: "tsn"', 'platform: "onnxruntime_onnx"', 'max_batch_size: 8', 'input {']);
    expect(text).toContain('  data_type: TYPE_FP32\n');
    expect(text).toContain('parameters {\n  key: "vnet.frames"\n  value {\n    string_value: "8"\n  }\n}\n');
    expect(text).toContain('key: "quote \\"and\\" \\\\ and \\303\\251"');
  });

  it('refuses a misspelled field, naming where it is', () => {
    const bad = { ...OFFLINE, input: [{ name: 'clip', data_type: 'TYPE_FP32', dim: [3] }] };
    expect(() => writeTextFormat(modelConfigType(), bad)).toThrow("ModelConfig.input[0]: 'dim' is not a field of inference.ModelInput");
  });

  it('refuses a value of the wrong type or enum', () => {
    expect(() => writeTextFormat(modelConfigType(), { ...OFFLINE, max_batch_size: '8' })).toThrow(
      'ModelConfig.max_batch_size: int32 takes a whole number, got 8',
    );
    expect(() => writeTextFormat(modelConfigType(), { ...OFFLINE, instance_group: [{ count: 1, kind: 'KIND_TPU' }] })).toThrow(
      "ModelConfig.instance_group[0].kind: 'KIND_TPU' is not a value of Kind",
    );
    expect(() =>
      writeTextFormat(modelConfigType(), { ...ONLINE, sequence_batching: { ...ONLINE.sequence_batching, max_sequence_idle_microseconds: -1 } }),
    ).toThrow('uint64 cannot be negative');
  });

  it.each([
    ['offline', OFFLINE],
    ['online', ONLINE],
  ])('round-trips the %s config through protobufjs (fromObject, encode, decode)', (_, config) => {
    const type = modelConfigType();
    const bytes = type.encode(type.fromObject(config)).finish();
    expect(asPlainData(bytes)).toEqual(withoutEmptyLists(config));
  });

  it.skipIf(tritonSchemaMissing)('Python text_format parses what it writes with Triton schema, and the bytes decode back to the config', () => {
    const files = [OFFLINE, ONLINE].map((config, i) => {
      const file = path.join(dir, `config${i}.pbtxt`);
      writeFileSync(file, writeTextFormat(modelConfigType(), config));
      return file;
    });
    const [offline, online] = parseWithTritonSchema(files);
    expect(asPlainData(offline as Uint8Array)).toEqual(withoutEmptyLists(OFFLINE));
    expect(asPlainData(online as Uint8Array)).toEqual(withoutEmptyLists(ONLINE));
  });
});
if (tritonSchemaMissing) console.warn(tritonSchemaMissing);

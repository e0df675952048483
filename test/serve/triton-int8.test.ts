/**
 * Triton and int8 / fp16 models: an int8 online model's uint8 caches become TYPE_UINT8 states that start
 * from their zero point (an `initial_state` data file in the model folder holding that byte, one row's
 * worth), since zeros are not 0.0 for them; a zero point of 0 keeps `zero_data`. An int8 offline model
 * takes and returns float32; an fp16 model float32 too, or TYPE_FP16 inputs, outputs and states with
 * --fp16-io. Parsed back with Triton's own schema when protoc and python3-protobuf are present.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';
import { readContract, readModelMetadata } from '../../contract/index.js';
import { exportModel } from '../../serve/triton/export-model.js';
import { DEFAULT_SERVE_OPTIONS } from '../../serve/triton/options.js';
import { randomTensor } from '../emit/helpers.js';
import { parseWithTritonSchema, tritonSchemaMissing } from './triton-schema.js';

const VNET = path.resolve(import.meta.dirname, '../../examples/tsm_mobilenetv2_online.vnet');
const S = 32;

function parsesWithTritonSchema(config: string | Uint8Array): void {
  if (tritonSchemaMissing) return console.log(tritonSchemaMissing);
  const dir = mkdtempSync(path.join(tmpdir(), 'vnet-triton-int8-'));
  writeFileSync(path.join(dir, 'config.pbtxt'), config);
  expect(parseWithTritonSchema([path.join(dir, 'config.pbtxt')])).toHaveLength(1);
}

function configBytes(files: readonly { path: string }[]): Uint8Array {
  const config = files.find((f) => f.path === 'config.pbtxt');
  return config && 'bytes' in config ? (config.bytes as Uint8Array) : new Uint8Array();
}

describe('Triton export of int8 and fp16 models', () => {
  it('int8 online: uint8 states, each starting from its zero point', async () => {
    const clips = { names: ['a', 'b'], clips: [1, 2].map((seed) => ({ data: randomTensor([1, 8, 3, S, S], seed).data, dims: [1, 8, 3, S, S] })) };
    const compiled = await compileFile(VNET, {
      sets: { SIZE: String(S), CLASSES: '27' },
      online: true,
      precision: 'int8',
      calibrate: { load: async () => clips, source: 'random', method: 'minmax', keepFloat: [] },
    });
    const bytes = compiled.bytes as Uint8Array;
    const contract = readContract(readModelMetadata(bytes));
    if (!contract.ok) throw new Error(contract.error);
    const exported = exportModel('m.onnx', bytes, 'tsm_int8', DEFAULT_SERVE_OPTIONS);
    if (!exported.ok) throw new Error(JSON.stringify(exported.error));
    const states = exported.value.config.sequence_batching?.state ?? [];
    expect(states).toHaveLength(10);
    for (const state of states) {
      const pair = contract.value.caches?.find((c) => c.input === state.input_name);
      expect(state.data_type).toBe('TYPE_UINT8');
      const init = state.initial_state[0];
      if (!init) throw new Error('no initial state');
      const zero = pair?.quant?.zeroPoint ?? -1;
      if (zero === 0) {
        expect(init).toMatchObject({ zero_data: true });
        continue;
      }
      expect(init).toMatchObject({ name: 'zero_point', data_file: `${state.input_name}.zero_point.bin` });
      const file = exported.value.files.find((f) => f.path === `initial_state/${state.input_name}.zero_point.bin`);
      const row = state.dims.reduce((a, b) => a * b, 1);
      expect(file && 'bytes' in file ? Array.from(new Set(file.bytes)) : []).toEqual([zero]);
      expect(file && 'bytes' in file ? file.bytes.length : 0).toBe(row);
    }
    parsesWithTritonSchema(configBytes(exported.value.files));
  });

  it('int8 offline: float32 in and out', async () => {
    const clips = { names: ['a'], clips: [{ data: randomTensor([1, 8, 3, S, S], 1).data, dims: [1, 8, 3, S, S] }] };
    const compiled = await compileFile(VNET, {
      sets: { SIZE: String(S), CLASSES: '27' },
      precision: 'int8',
      calibrate: { load: async () => clips, source: 'random', method: 'minmax', keepFloat: [] },
    });
    const exported = exportModel('m.onnx', compiled.bytes as Uint8Array, 'tsm_int8', DEFAULT_SERVE_OPTIONS);
    if (!exported.ok) throw new Error(JSON.stringify(exported.error));
    expect([...exported.value.config.input, ...exported.value.config.output].map((t) => t.data_type)).toEqual(['TYPE_FP32', 'TYPE_FP32']);
    parsesWithTritonSchema(configBytes(exported.value.files));
  });

  for (const fp16Io of [false, true]) {
    it(`fp16 online for ort-cuda${fp16Io ? ' with --fp16-io: TYPE_FP16 inputs, outputs and states' : ': float32 at the boundary'}`, async () => {
      const compiled = await compileFile(VNET, { sets: { SIZE: String(S), CLASSES: '27' }, online: true, target: 'ort-cuda', precision: 'fp16', fp16Io });
      expect(compiled.diagnostics).toEqual([]);
      const exported = exportModel('m.onnx', compiled.bytes as Uint8Array, 'tsm_fp16', { ...DEFAULT_SERVE_OPTIONS, gpu: true });
      if (!exported.ok) throw new Error(JSON.stringify(exported.error));
      const { config } = exported.value;
      const type = fp16Io ? 'TYPE_FP16' : 'TYPE_FP32';
      const states = config.sequence_batching?.state ?? [];
      expect(states).toHaveLength(10);
      expect(new Set([...config.input, ...config.output, ...states].map((t) => t.data_type))).toEqual(new Set([type]));
      expect(
        states.every((s) => {
          const init = s.initial_state[0];
          return init !== undefined && 'zero_data' in init && init.zero_data;
        }),
      ).toBe(true);
      parsesWithTritonSchema(configBytes(exported.value.files));
    });
  }
});

import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';
import { encodeModel } from '../../compiler/emit/proto.js';
import { openSession } from '../../runtime/session.js';
import { decodeOnnx, modelIO, type TensorSpec } from '../../serve/triton/onnx-model.js';
import { runVnetc, tempTree } from '../cli/helpers.js';
import { parsedConfig, tritonSchemaMissing } from './triton-schema.js';

const EXAMPLES = path.resolve(__dirname, '../../examples');
let dir: string;

const TINY = `network tiny(clip: f32[N, 2, 3, 8, 8]) -> f32[N, 4] {
  return clip |> frames |> conv2d(16, k=3, pad=1) as conv |> relu |> global_avgpool |> linear(4) as fc |> consensus
}
`;

function repoModel(repo: string, name: string): Map<string, TensorSpec> {
  const decoded = decodeOnnx(readFileSync(path.join(dir, repo, name, '1', 'model.onnx')));
  if (!decoded.ok) throw new Error(decoded.error);
  const io = modelIO(decoded.model);
  return new Map([...io.inputs, ...io.outputs].map((t) => [t.name, t]));
}

beforeAll(async () => {
  dir = await tempTree({ 'tiny.vnet': TINY });
  const online = await compileFile(path.join(EXAMPLES, 'tsm_mobilenetv2_online.vnet'), { online: true, output: path.join(dir, 'tsm_online.onnx') });
  const offline = await compileFile(path.join(EXAMPLES, 'tsn_resnet50.vnet'), { output: path.join(dir, 'tsn.onnx') });
  const external = await compileFile(path.join(dir, 'tiny.vnet'), { output: path.join(dir, 'tiny.onnx'), externalData: true });
  expect([...online.diagnostics, ...offline.diagnostics, ...external.diagnostics]).toEqual([]);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vnetc triton tsm_online.onnx tsn.onnx -o repo', () => {
  let result: { code: number; out: string; err: string };
  beforeAll(async () => {
    result = await runVnetc(['triton', 'tsm_online.onnx', 'tsn.onnx', '-o', 'repo'], dir);
  }, 120_000);

  it('writes repo/tsm_online and repo/tsn, each a config and version 1 of the model', () => {
    expect(result).toEqual({
      code: 0,
      out:
        'repo/tsm_online: online, sequence batching with 10 implicit states, max batch 8, 32 streams per instance, idle timeout 5000 ms, 1 CPU instance(s)\n' +
        'repo/tsn: offline, dynamic batching, max batch 8, 1 CPU instance(s)\n',
      err: '',
    });
    expect(readdirSync(path.join(dir, 'repo')).sort()).toEqual(['tsm_online', 'tsn']);
    for (const name of ['tsm_online', 'tsn']) expect(readdirSync(path.join(dir, 'repo', name)).sort()).toEqual(['.vnet-triton.json', '1', 'config.pbtxt']);
    // Offline models go in byte for byte (compared by Buffer.equals: a deep toEqual of 100 MB is very slow).
    expect(readFileSync(path.join(dir, 'repo', 'tsn', '1', 'model.onnx')).equals(readFileSync(path.join(dir, 'tsn.onnx')))).toBe(true);
  });

  it.skipIf(tritonSchemaMissing)(
    'online: one zero-initialised state per cache, dims = the cache input without batch, names that sort in the same order',
    () => {
      const config = parsedConfig(path.join(dir, 'repo', 'tsm_online', 'config.pbtxt'));
      const model = repoModel('repo', 'tsm_online');
      const states = config.sequence_batching?.state ?? [];
      expect(states).toHaveLength(10);
      expect(config.input.map((i) => i.name)).toEqual(['clip']);
      expect(config.input[0]?.dims).toEqual([3, 224, 224]);
      expect(model.get('clip')?.dims).toEqual(['N', 3, 224, 224]);
      expect(model.get('output')?.dims).toEqual(['N', 400]);
      expect(config.output).toEqual([{ name: 'output', data_type: 'TYPE_FP32', dims: [400] }]);
      expect(config.sequence_batching?.oldest).toEqual({ max_candidate_sequences: 32, max_queue_delay_microseconds: 100 });
      expect(config.sequence_batching?.max_sequence_idle_microseconds).toBe(5_000_000);
      for (const s of states) {
        const cache = model.get(s.input_name);
        expect(cache?.dims[0], s.input_name).toBe('N');
        expect(model.get(s.output_name)?.dims[0], s.output_name).toBe('N');
        expect(s.dims).toEqual(cache?.dims.slice(1));
        expect(s.initial_state).toEqual([{ name: 'zeros', data_type: 'TYPE_FP32', dims: s.dims, zero_data: true }]);
      }
      const byInput = [...states].sort((a, b) => (a.input_name < b.input_name ? -1 : 1)).map((s) => s.output_name);
      expect(byInput).toEqual(states.map((s) => s.output_name).sort());
    },
  );

  it.skipIf(tritonSchemaMissing)('offline: dynamic batching, dims = the model dims without batch', () => {
    const config = parsedConfig(path.join(dir, 'repo', 'tsn', 'config.pbtxt'));
    const model = repoModel('repo', 'tsn');
    expect(config.dynamic_batching).toEqual({ max_queue_delay_microseconds: 100 });
    expect(config.sequence_batching).toBeUndefined();
    expect(config.max_batch_size).toBe(8);
    expect(config.instance_group).toEqual([{ kind: 'KIND_CPU', count: 1 }]);
    for (const t of [...config.input, ...config.output]) {
      expect(model.get(t.name)?.dims[0]).toBe('N');
      expect(t.dims).toEqual(model.get(t.name)?.dims.slice(1));
    }
  });
});

describe('vnetc triton options and failures', () => {
  it('copies external data beside model.onnx, and onnxruntime loads the repository model; --name, --max-batch, --instances', async () => {
    const r = await runVnetc(['triton', 'tiny.onnx', '-o', 'repo2', '--name', 'tiny_v2', '--max-batch', '16', '--instances', '3'], dir);
    expect(r).toEqual({
      code: 0,
      out: 'repo2/tiny_v2: offline, dynamic batching, max batch 16, 3 CPU instance(s); external data copied: tiny.onnx.data\n',
      err: '',
    });
    expect(readdirSync(path.join(dir, 'repo2', 'tiny_v2', '1')).sort()).toEqual(['model.onnx', 'tiny.onnx.data']);
    const text = readFileSync(path.join(dir, 'repo2', 'tiny_v2', 'config.pbtxt'), 'utf8');
    expect(text).toContain('name: "tiny_v2"\n');
    expect(text).toContain('max_batch_size: 16\n');
    expect(text).toContain('instance_group {\n  kind: KIND_CPU\n  count: 3\n}\n');
    const { session } = await openSession(path.join(dir, 'repo2', 'tiny_v2', '1', 'model.onnx'));
    expect(session.inputNames).toEqual(['clip']);
    await session.release();
  });

  it('replaces a model folder it wrote whole, leaving no staging folders', async () => {
    writeFileSync(path.join(dir, 'stale.txt'), 'x');
    await runVnetc(['triton', 'tiny.onnx', '-o', 'repo3'], dir);
    writeFileSync(path.join(dir, 'repo3', 'tiny', 'leftover'), 'old');
    const r = await runVnetc(['triton', 'tiny.onnx', '-o', 'repo3', '--gpu'], dir);
    expect(r.code).toBe(0);
    expect(readdirSync(path.join(dir, 'repo3'))).toEqual(['tiny']);
    expect(readdirSync(path.join(dir, 'repo3', 'tiny')).sort()).toEqual(['.vnet-triton.json', '1', 'config.pbtxt']);
    expect(readFileSync(path.join(dir, 'repo3', 'tiny', 'config.pbtxt'), 'utf8')).toContain('kind: KIND_GPU');
  });

  it('a fixed batch dimension is VN473 (exit 1) and nothing is written', async () => {
    const fixed = await tempTree({ 'fixed.vnet': TINY.replace('f32[N, 2', 'f32[2, 2').replace('-> f32[N, 4]', '-> f32[2, 4]') });
    const compiled = await compileFile(path.join(fixed, 'fixed.vnet'), { output: path.join(fixed, 'fixed.onnx') });
    expect(compiled.diagnostics).toEqual([]);
    const r = await runVnetc(['triton', 'fixed.onnx', '-o', 'repo'], fixed);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "error VN473: 'fixed.onnx': the first dimension of 'clip' is 2, not a symbolic batch: Triton's batchers need every input, output and cache to batch on their first dimension",
    );
    expect(existsSync(path.join(fixed, 'repo'))).toBe(false);
    rmSync(fixed, { recursive: true, force: true });
  });

  it('--gpu fails closed on a node without a CUDA kernel (VN470, exit 1), writing nothing', async () => {
    const f32 = (name: string) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, { dimValue: 4 }] } } } });
    const bytes = encodeModel({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: 'g',
        input: [f32('x')],
        output: [f32('y')],
        node: [{ name: 'head.act', opType: 'Gelu', input: ['x'], output: ['y'], docString: 'net.vnet:4:9' }],
      },
    });
    const gpu = await tempTree({ 'gelu17.onnx': bytes });
    const r = await runVnetc(['triton', 'gelu17.onnx', '-o', 'repo', '--gpu'], gpu);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "error VN470: Gelu node 'head.act' (net.vnet:4:9) would fall back to onnxruntime's CPU provider: no CUDA kernel is registered for opset 17 (registered: 20+)",
    );
    expect(existsSync(path.join(gpu, 'repo'))).toBe(false);
    const cpu = await runVnetc(['triton', 'gelu17.onnx', '-o', 'repo'], gpu);
    expect(cpu.code).toBe(0);
    rmSync(gpu, { recursive: true, force: true });
  });

  it.each([
    [['triton', 'tsn.onnx', 'tiny.onnx', '-o', 'r', '--name', 'x'], 2, 'error VN474: --name x: names one model; give one model with it'],
    [['triton', 'tsn.onnx', '-o', 'r', '--name', '../x'], 2, 'error VN474: --name ../x: a model name is a folder name'],
    [['triton', 'tsn.onnx', '-o', 'r', '--max-batch', '0'], 2, 'error VN474: --max-batch 0: Triton batches need at least 1 row'],
    [['triton', 'tsn.onnx', 'sub/tsn.onnx', '-o', 'r'], 2, "error VN475: 'tsn.onnx' and 'sub/tsn.onnx' would both be served as 'tsn'"],
    [['triton', 'missing.onnx', '-o', 'r'], 2, "error VN471: cannot read model 'missing.onnx': no such file or directory"],
    [['triton', 'tiny.vnet', '-o', 'r'], 1, "error VN472: 'tiny.vnet' cannot be served by Triton: it"],
  ])('vnetc %j exits %i: %s', async (argv, code, message) => {
    const r = await runVnetc(argv, dir);
    expect(r.err).toContain(message);
    expect(r.code).toBe(code);
    expect(existsSync(path.join(dir, 'r'))).toBe(false);
  });
});

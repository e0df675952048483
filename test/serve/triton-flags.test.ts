/**
 * `vnetc triton`'s stream flags (--max-sequences, --sequence-idle-ms) in config.pbtxt, read back through
 * Triton's schema, with their usage errors; and `--gpu` on an ort-cpu model as one error.
 */
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVnetc, tempTree } from '../cli/helpers.js';
import { parsedConfig, tritonSchemaMissing } from './triton-schema.js';

/** A time shift on 64 channels: its fold (16) is a whole NCHWc block, so ort-cpu -O2 lays it out blocked. */
const NET = `network net(clip: f32[N, 2, 3, 8, 8]) -> f32[N, 4] {
  return clip
    |> frames
    |> conv2d(64, k=3, pad=1) as stem
    |> relu
    |> shift(fold=1/4, dir=past)
    |> conv2d(64, k=3, pad=1) as conv
    |> relu
    |> global_avgpool
    |> linear(4) as fc
    |> consensus
}
`;

let dir: string;

beforeAll(async () => {
  dir = await tempTree({ 'net.vnet': NET, 'labels.txt': 'a\nb\nc\nd\n' });
  for (const argv of [
    ['compile', 'net.vnet', '--online', '--labels', 'labels.txt', '-o', 'online.onnx'],
    ['compile', 'net.vnet', '-o', 'offline.onnx'],
    ['compile', 'net.vnet', '--target', 'ort-cpu', '-O2', '-o', 'cpu.onnx'],
  ]) {
    const r = await runVnetc(argv, dir);
    expect(r.code, r.err).toBe(0);
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--max-sequences and --sequence-idle-ms', () => {
  it.skipIf(tritonSchemaMissing)('set max_candidate_sequences and max_sequence_idle_microseconds of an online model', async () => {
    const r = await runVnetc(['triton', 'online.onnx', '-o', 'repo', '--max-batch', '4', '--max-sequences', '12', '--sequence-idle-ms', '60000'], dir);
    expect(r).toEqual({
      code: 0,
      out: 'repo/online: online, sequence batching with 1 implicit states, max batch 4, 12 streams per instance, idle timeout 60000 ms, 1 CPU instance(s), 4 labels in labels.txt\n',
      err: '',
    });
    const config = parsedConfig(path.join(dir, 'repo', 'online', 'config.pbtxt'));
    expect(config.max_batch_size).toBe(4);
    expect(config.sequence_batching?.oldest).toEqual({ max_candidate_sequences: 12, max_queue_delay_microseconds: 100 });
    expect(config.sequence_batching?.max_sequence_idle_microseconds).toBe(60_000_000);
    expect(config.output).toEqual([{ name: 'output', data_type: 'TYPE_FP32', dims: [4], label_filename: 'labels.txt' }]);
  });

  it.skipIf(tritonSchemaMissing)('default to four batches of streams per instance and a 5 s idle timeout', async () => {
    const r = await runVnetc(['triton', 'online.onnx', '-o', 'repo2', '--max-batch', '2'], dir);
    expect(r.code).toBe(0);
    const config = parsedConfig(path.join(dir, 'repo2', 'online', 'config.pbtxt'));
    expect(config.sequence_batching?.oldest?.max_candidate_sequences).toBe(8);
    expect(config.sequence_batching?.max_sequence_idle_microseconds).toBe(5_000_000);
  });

  it.each([
    [
      ['--max-sequences', '3', '--max-batch', '4'],
      'error VN474: --max-sequences 3: must be from --max-batch (4) to 2147483647: with fewer streams than rows, no batch is ever full',
    ],
    [['--max-sequences', '0'], 'error VN474: --max-sequences 0: must be from --max-batch (8) to 2147483647'],
    [['--max-sequences', '2147483648'], 'error VN474: --max-sequences 2147483648: must be from --max-batch (8) to 2147483647'],
    [['--sequence-idle-ms', '0'], 'error VN474: --sequence-idle-ms 0: must be from 1 to 9007199254740 milliseconds (Triton reads 0 as its own default, 1 s)'],
    [['--sequence-idle-ms', '-5'], 'error VN474: --sequence-idle-ms -5: must be from 1 to 9007199254740 milliseconds'],
    [['--sequence-idle-ms', '9007199254741'], 'error VN474: --sequence-idle-ms 9007199254741: must be from 1 to 9007199254740 milliseconds'],
    [['--sequence-idle-ms', '1.5'], "option '--sequence-idle-ms <ms>' argument '1.5' is invalid"],
    [['--max-batch', '99999999999'], 'error VN474: --max-batch 99999999999: Triton batches need at least 1 row (and at most 2147483647)'],
  ])('online.onnx %j exits 2: %s', async (flags, message) => {
    const r = await runVnetc(['triton', 'online.onnx', '-o', 'r', ...flags], dir);
    expect(r.err).toContain(message);
    expect(r.code).toBe(2);
    expect(existsSync(path.join(dir, 'r'))).toBe(false);
  });

  it('on offline models only, they would do nothing: a usage error naming each (exit 2)', async () => {
    const r = await runVnetc(['triton', 'offline.onnx', '-o', 'r', '--max-sequences', '16', '--sequence-idle-ms', '60000'], dir);
    const reason = 'sets the sequence batcher of online models, and the model is offline (dynamic batching); compile with --online, or drop it';
    expect(r.err).toContain(`error VN474: --max-sequences 16: ${reason}\n`);
    expect(r.err).toContain(`error VN474: --sequence-idle-ms 60000: ${reason}\n`);
    expect(r.code).toBe(2);
    expect(existsSync(path.join(dir, 'r'))).toBe(false);
  });
});

describe('--gpu on a model compiled with --target ort-cpu', () => {
  it('is one error saying what to do (VN480, exit 1), not one per CPU-only node, and nothing is written', async () => {
    const r = await runVnetc(['triton', 'cpu.onnx', '-o', 'r', '--gpu'], dir);
    expect(r.err).toMatch(
      /^error VN480: 'cpu\.onnx' was compiled with --target ort-cpu, for onnxruntime's CPU provider( \(\d+ of its nodes have no CUDA kernel\))?: it cannot be served on GPU instances\n {2}= hint: for --gpu, compile the network with --target ort-cuda \(or portable\); or serve this model on CPU instances \(without --gpu\)\n$/,
    );
    expect(r.code).toBe(1);
    expect(existsSync(path.join(dir, 'r'))).toBe(false);
    expect((await runVnetc(['triton', 'cpu.onnx', '-o', 'r'], dir)).code).toBe(0);
  });
});

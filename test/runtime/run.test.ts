import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCommand, type RunOptions } from '../../cli/commands/run.js';
import type { CliContext } from '../../cli/context.js';
import { formatNpy, parseNpy } from '../../runtime/npy.js';
import { providerAvailability } from '../../ort/providers.js';
import { identityClassifier } from './models.js';

const cudaAvailable = (await providerAvailability('cuda')).available;

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vnet-run-'));
  writeFileSync(join(dir, 'id5.onnx'), identityClassifier(5));
  writeFileSync(join(dir, 'clip.npy'), formatNpy({ type: 'float32', dims: [2, 5], data: Float32Array.from([0.1, 0.9, 0.3, 0.2, 0.5, /**/ 7, 1, 2, 9, 0]) }));
  writeFileSync(join(dir, 'wrong.npy'), formatNpy({ type: 'float32', dims: [1, 4], data: new Float32Array(4) }));
  writeFileSync(join(dir, 'ids.npy'), formatNpy({ type: 'int64', dims: [1, 5], data: new BigInt64Array(5) }));
  writeFileSync(join(dir, 'labels.txt'), 'abseiling\narchery\nbaking\nbowling\ncycling\n');
  writeFileSync(join(dir, 'notes.onnx'), 'these are my notes, not a model\n');
});

async function vnetc(options: Omit<RunOptions, 'model'> & { model: string }): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), color: false, debug: false, cwd: dir };
  const code = await runCommand(options, ctx);
  return { code, stdout, stderr };
}

describe('vnetc run', () => {
  it('prints the top-k of every batch item with labels, and the timing', async () => {
    const r = await vnetc({ model: 'id5.onnx', inputs: ['clip.npy'], top: 2, labels: 'labels.txt', threads: 2 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 8)).toEqual([
      'input clip [2, 5] from clip.npy',
      'output logits [2, 5] float32',
      '  item 0',
      '    1. 1     0.9000  archery',
      '    2. 4     0.5000  cycling',
      '  item 1',
      '    1. 3     9.0000  bowling',
      '    2. 0     7.0000  abseiling',
    ]);
    expect(lines[8]).toMatch(/^timing: session \d+\.\d ms, run \d+\.\d ms \(cpu\)$/);
  });

  it('prints a JSON document with --json', async () => {
    const r = await vnetc({ model: 'id5.onnx', inputs: ['clip.npy'], top: 1, labels: 'labels.txt', json: true });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({
      model: 'id5.onnx',
      providers: ['cpu'],
      inputs: [{ name: 'clip', shape: [2, 5], type: 'float32', source: 'clip.npy' }],
      outputs: [
        {
          name: 'logits',
          shape: [2, 5],
          type: 'float32',
          top: [[{ index: 1, score: expect.closeTo(0.9, 6), label: 'archery' }], [{ index: 3, score: 9, label: 'bowling' }]],
        },
      ],
    });
    expect(doc.timing).toEqual({ sessionMs: expect.any(Number), runMs: expect.any(Number) });
  });

  it('generates an input when none is given, the same every time', async () => {
    const a = await vnetc({ model: 'id5.onnx', json: true, top: 5 });
    const b = await vnetc({ model: 'id5.onnx', json: true, top: 5 });
    const top = (s: string): unknown => (JSON.parse(s) as { outputs: unknown }).outputs;
    expect(a.code).toBe(0);
    expect(top(a.stdout)).toEqual(top(b.stdout));
    expect(a.stdout).toContain('"source": "generated"');
    expect(a.stdout).toContain('"shape": [\n        1,\n        5\n      ]');
  });

  it('saves the first output as .npy', async () => {
    const r = await vnetc({ model: 'id5.onnx', inputs: ['clip=clip.npy'], saveOutput: 'out.npy' });
    expect(r.code).toBe(0);
    const saved = parseNpy(readFileSync(join(dir, 'out.npy')));
    expect(saved.ok && saved.value.dims).toEqual([2, 5]);
    expect(saved.ok && [...saved.value.data]).toEqual([...Float32Array.from([0.1, 0.9, 0.3, 0.2, 0.5, 7, 1, 2, 9, 0])]);
  });

  it('names the expected and found shapes when an input does not fit', async () => {
    const r = await vnetc({ model: 'id5.onnx', inputs: ['wrong.npy'] });
    expect(r).toEqual({ code: 1, stdout: '', stderr: "vnetc: 'wrong.npy' has shape [1, 4] but input 'clip' expects [N, 5]\n" });
    const t = await vnetc({ model: 'id5.onnx', inputs: ['ids.npy'] });
    expect(t.stderr).toBe("vnetc: 'ids.npy' holds int64 but input 'clip' is float32\n");
  });

  it('refuses more inputs than the model has', async () => {
    const r = await vnetc({ model: 'id5.onnx', inputs: ['clip.npy', 'clip.npy'] });
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'vnetc: too many --input files: the model has 1 input (clip)\n' });
  });

  it('says in one line that a non-ONNX file is not a model', async () => {
    const r = await vnetc({ model: 'notes.onnx' });
    expect(r).toEqual({ code: 1, stdout: '', stderr: "vnetc: 'notes.onnx' is not an ONNX model: protobuf parsing failed\n" });
  });

  it('reports a missing model or input file as an I/O error', async () => {
    expect(await vnetc({ model: 'missing.onnx' })).toEqual({
      code: 2,
      stdout: '',
      stderr: "vnetc: cannot read 'missing.onnx': no such file or directory\n",
    });
    expect((await vnetc({ model: 'id5.onnx', inputs: ['nope.npy'] })).stderr).toBe("vnetc: cannot read 'nope.npy': no such file or directory\n");
  });

  it('refuses an unknown provider and bad counts as usage errors', async () => {
    expect(await vnetc({ model: 'id5.onnx', ep: 'cuda,npu' })).toEqual({
      code: 2,
      stdout: '',
      stderr: "vnetc: unknown execution provider 'npu' (known: cpu, cuda, tensorrt, webgpu)\n",
    });
    expect((await vnetc({ model: 'id5.onnx', top: 0 })).stderr).toBe('vnetc: --top must be a positive integer, got 0\n');
    expect((await vnetc({ model: 'id5.onnx', threads: 1.5 })).stderr).toBe('vnetc: --threads must be a positive integer, got 1.5\n');
  });

  it.skipIf(cudaAvailable)('falls back from --ep cuda,cpu with one line and still runs', async () => {
    const r = await vnetc({ model: 'id5.onnx', ep: 'cuda,cpu', inputs: ['clip.npy'], top: 1, json: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'vnetc: CUDA provider unavailable (this onnxruntime-node 1.29.0 install has no CUDA binaries; ' +
        'reinstall with ONNXRUNTIME_NODE_INSTALL=cuda12 on a CUDA 12 machine); running on CPU (this installation has: cpu, webgpu)\n',
    );
    expect((JSON.parse(r.stdout) as { providers: string[] }).providers).toEqual(['cpu']);
  });

  it('warns when the labels do not match the classes', async () => {
    writeFileSync(join(dir, 'three.txt'), 'a\nb\nc\n');
    const r = await vnetc({ model: 'id5.onnx', labels: 'three.txt' });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("vnetc: warning: 'three.txt' has 3 labels but output 'logits' has 5 classes\n");
    expect(existsSync(join(dir, 'three.txt'))).toBe(true);
  });
});

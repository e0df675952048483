/**
 * The PyTorch checkpoint reader against files torch 1.13 wrote (refs/make_checkpoint_fixtures.py), in
 * both formats: dtypes, views with offsets and strides, shared storages, parameters, scalars, empty
 * tensors; the state dict found inside a training checkpoint; pickles that would run code refused.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWeightsBytes } from '../../compiler/weights/read.js';
import { ROOT } from '../conformance/harness.js';

const DIR = path.join(ROOT, 'test/fixtures/checkpoints');
const expected = JSON.parse(readFileSync(path.join(DIR, 'tensors.json'), 'utf8')) as Record<string, { shape: number[]; values?: number[] }>;

const read = (file: string, key?: string) => readWeightsBytes(readFileSync(path.join(DIR, file)), file, key);

describe.each(['zip', 'legacy'])('torch %s format', (format) => {
  it('finds state_dict inside the checkpoint and reads every tensor as torch wrote it', () => {
    const { file, diagnostics } = read(`tensors.${format}.pth`);
    expect(diagnostics).toEqual([]);
    expect(file?.format).toBe(`torch-${format}`);
    expect(file?.key).toBe('state_dict');
    expect(file?.fileKeys).toEqual(['epoch', 'state_dict', 'note']);
    const tensors = file?.tensors ?? [];
    expect(tensors.map((t) => t.name)).toEqual(Object.keys(expected));
    for (const t of tensors) {
      const want = expected[t.name]!;
      expect(t.shape, t.name).toEqual(want.shape);
      const got = t.read();
      if (want.values === undefined) {
        expect(got).toEqual({ ok: false, error: `tensor '${t.name}' has dtype I64, not a float type` });
      } else {
        expect(got.ok && Array.from(got.value), t.name).toEqual(want.values.map(Math.fround));
      }
    }
    expect(tensors.map((t) => t.dtype)).toEqual(['F32', 'F32', 'F32', 'F16', 'BF16', 'F64', 'I64', 'F32', 'F32', 'F32']);
  });

  it('refuses a pickle that would call os.system, naming the global', () => {
    const { file, diagnostics } = read(`evil.${format}.pth`);
    expect(file).toBeUndefined();
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      `VN420 refused to load 'evil.${format}.pth': the file is built by the Python global 'posix.system', which vnet never calls (loading a pickle can run code)`,
    ]);
  });

  it('refuses such an object in place of a tensor of the state dict', () => {
    const { diagnostics } = read(`evil-tensor.${format}.pth`);
    expect(diagnostics.map((d) => d.message)).toEqual([
      `refused to load 'evil-tensor.${format}.pth': 'fc.bias' in 'state_dict' is built by the Python global 'posix.system', which vnet never calls (loading a pickle can run code)`,
    ]);
  });

  it('skips it, as data never built, outside the state dict (an optimizer entry)', () => {
    const { file, diagnostics } = read(`evil-optimizer.${format}.pth`);
    expect(diagnostics).toEqual([]);
    expect(file?.tensors.map((t) => t.name)).toEqual(['fc.weight', 'fc.bias']);
    const bias = file?.tensors[1]?.read();
    expect(bias?.ok && Array.from(bias.value)).toEqual([0, 1, 2]);
  });

  it('takes the state dict named by --weights-key, and lists the keys when it is absent', () => {
    expect(read(`tensors.${format}.pth`, 'state_dict').file?.tensors.length).toBe(10);
    expect(read(`tensors.${format}.pth`, 'model').diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      `VN425 --weights-key 'model': 'tensors.${format}.pth' has no such entry; its keys are epoch, state_dict, note`,
    ]);
    expect(read(`tensors.${format}.pth`, 'note').diagnostics.map((d) => d.message)).toEqual([
      `no weights in 'tensors.${format}.pth': 'note' is a string, not a dict of tensors`,
    ]);
  });
});

describe('tensors saved from a GPU', () => {
  it('reads storages named torch.cuda.FloatStorage (legacy format, as the official TSM checkpoints were saved)', () => {
    const bytes = readFileSync(path.join(DIR, 'tensors.legacy.pth'));
    const cpu = Buffer.from('ctorch\nFloatStorage\n');
    const at = bytes.indexOf(cpu);
    expect(at).toBeGreaterThan(0);
    const gpu = Buffer.concat([bytes.subarray(0, at), Buffer.from('ctorch.cuda\nFloatStorage\n'), bytes.subarray(at + cpu.length)]);
    const { file, diagnostics } = readWeightsBytes(gpu, 'gpu.pth');
    expect(diagnostics).toEqual([]);
    const f32 = file?.tensors.find((t) => t.name === 'f32')?.read();
    expect(f32?.ok && Array.from(f32.value)).toEqual(expected['f32']!.values!.map(Math.fround));
  });
});

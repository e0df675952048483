import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../../runtime/errors.js';
import { loadOrt } from '../../ort/ort.js';
import { providerAvailability } from '../../ort/providers.js';
import { openSession } from '../../runtime/session.js';
import { identityClassifier } from './models.js';

const ort = await loadOrt();

const cudaAvailable = (await providerAvailability('cuda')).available;
const FALLBACK =
  'vnetc: CUDA provider unavailable (this onnxruntime-node 1.29.0 install has no CUDA binaries; ' +
  'reinstall with ONNXRUNTIME_NODE_INSTALL=cuda12 on a CUDA 12 machine); running on CPU (this installation has: cpu, webgpu)';

async function rejection(promise: Promise<unknown>): Promise<RuntimeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RuntimeError) return error;
    throw error;
  }
  throw new Error('expected a RuntimeError');
}

describe('openSession', () => {
  it('opens bytes on the CPU by default and runs', async () => {
    const { session, providers, notes } = await openSession(identityClassifier(3), { threads: 2 });
    expect(providers).toEqual(['cpu']);
    expect(notes).toEqual([]);
    const out = await session.run({ clip: new ort.Tensor('float32', Float32Array.from([1, 2, 3]), [1, 3]) });
    expect(Array.from(out.logits?.data as Float32Array)).toEqual([1, 2, 3]);
  });

  it.skipIf(cudaAvailable)('falls back from CUDA to CPU with exactly one line when its binaries are absent', async () => {
    const lines: string[] = [];
    const opened = await openSession(identityClassifier(3), { providers: ['cuda', 'cpu'], log: (l) => lines.push(l) });
    expect(lines).toEqual([FALLBACK]);
    expect(opened.notes).toEqual([FALLBACK]);
    expect(opened.providers).toEqual(['cpu']);
    const out = await opened.session.run({ clip: new ort.Tensor('float32', Float32Array.from([4, 5, 6]), [1, 3]) });
    expect(Array.from(out.logits?.data as Float32Array)).toEqual([4, 5, 6]);
  });

  it.skipIf(cudaAvailable)('falls back even when only CUDA was asked for', async () => {
    const opened = await openSession(identityClassifier(3), { providers: ['CUDA'] });
    expect(opened.notes).toEqual([FALLBACK]);
    expect(opened.providers).toEqual(['cpu']);
  });

  it('refuses an unknown provider as a usage error', async () => {
    const error = await rejection(openSession(identityClassifier(3), { providers: ['cuda', 'tpu'] }));
    expect(error.kind).toBe('usage');
    expect(error.message).toBe("unknown execution provider 'tpu' (known: cpu, cuda, tensorrt, webgpu)");
  });

  it('says in one line that a non-ONNX file is not a model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnet-session-'));
    const path = join(dir, 'x.onnx');
    writeFileSync(path, 'this is text, not protobuf\n');
    const error = await rejection(openSession(path));
    expect(error.kind).toBe('model');
    expect(error.message).toBe(`'${path}' is not an ONNX model: protobuf parsing failed`);
    const empty = await rejection(openSession(new Uint8Array(0), { name: 'empty.onnx' }));
    expect(empty.message).toBe("'empty.onnx' is not an ONNX model: the file is empty");
  });

  it('reports a missing file as an I/O error', async () => {
    const error = await rejection(openSession('/nonexistent/model.onnx'));
    expect(error.kind).toBe('io');
    expect(error.message).toBe("cannot read '/nonexistent/model.onnx': no such file or directory");
  });
});

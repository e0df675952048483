import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { providerAvailability } from '../../ort/providers.js';
import { identityClassifier } from './models.js';

const cudaAvailable = (await providerAvailability('cuda')).available;

const fixtures = fileURLToPath(new URL('../fixtures/runtime/', import.meta.url));

/** `vnetc run` in a real child process, so bytes written by onnxruntime's native code show up too. */
function runInProcess(options: Record<string, unknown>, cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', join(fixtures, 'register-ts.mjs'), join(fixtures, 'run-cli.ts'), JSON.stringify(options)], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('vnetc run in a child process', () => {
  it.skipIf(cudaAvailable)('asked for CUDA without its binaries, writes exactly one line to stderr and runs on CPU', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnet-proc-'));
    writeFileSync(join(dir, 'm.onnx'), identityClassifier(4));
    for (const ep of ['cuda,cpu', 'cuda', 'tensorrt,cuda,cpu']) {
      const r = runInProcess({ model: 'm.onnx', ep, top: 1 }, dir);
      expect(r.status).toBe(0);
      expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
      expect(r.stderr).toMatch(/^vnetc: (TensorRT and )?CUDA providers? unavailable \(.*\); running on CPU \(this installation has: [a-z, ]+\)\n$/);
      expect(r.stdout).toMatch(/^input clip \[1, 4\] \(generated\)\noutput logits \[1, 4\] float32\n {2}1\. \d {4}/);
      expect(r.stdout).toMatch(/\ntiming: session \d+\.\d ms, run \d+\.\d ms \(cpu\)\n$/);
    }
  });

  it('says that a non-ONNX file is not a model in one line, with no stack', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnet-proc-'));
    writeFileSync(join(dir, 'x.onnx'), '{"not": "a model"}');
    const r = runInProcess({ model: 'x.onnx' }, dir);
    expect(r).toEqual({ status: 1, stdout: '', stderr: "vnetc: 'x.onnx' is not an ONNX model: protobuf parsing failed\n" });
  });
});

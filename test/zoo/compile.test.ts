/**
 * The video-zoo examples without PyTorch: each is in canonical form and checks clean at full size, and
 * compiles small (seeded weights) to a model that passes the ONNX checker and runs on onnxruntime CPU on
 * every target (ort-cuda: with no CPU fallback). `--online` refuses these 3-D networks, saying why.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSource } from '../../dsl/format.js';
import { Source } from '../../base/source.js';
import { EXAMPLES, checkProgram, compileFile, errorsAndWarnings, hasPythonOnnx, onnxCheckerError, runCpu } from '../conformance/harness.js';
import { scaledMaxDiff } from '../passes/helpers.js';

interface Small {
  readonly file: string;
  readonly sets: readonly string[];
  /** The inputs at those sizes, in the network's order. */
  readonly inputs: readonly (readonly number[])[];
}

const ZOO: readonly Small[] = [
  { file: 'r2plus1d_18.vnet', sets: ['T=4', 'SIZE=32', 'CLASSES=10'], inputs: [[2, 3, 4, 32, 32]] },
  { file: 'mc3_18.vnet', sets: ['T=4', 'SIZE=32', 'CLASSES=10'], inputs: [[2, 3, 4, 32, 32]] },
  { file: 's3d.vnet', sets: ['T=8', 'SIZE=64', 'CLASSES=10', 'POOL_T=1', 'POOL_S=2'], inputs: [[2, 3, 8, 64, 64]] },
  { file: 'x3d_s.vnet', sets: ['T=4', 'SIZE=64', 'CLASSES=10'], inputs: [[2, 3, 4, 64, 64]] },
  {
    file: 'slowfast_r50.vnet',
    sets: ['T=16', 'SIZE=64', 'CLASSES=10'],
    inputs: [
      [2, 3, 2, 64, 64],
      [2, 3, 16, 64, 64],
    ],
  },
];

function clip(dims: readonly number[]): { dims: readonly number[]; data: Float32Array } {
  const n = dims.reduce((a, b) => a * b, 1);
  return { dims, data: Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37)) };
}

describe.each(ZOO)('examples/$file', (example) => {
  const file = path.join(EXAMPLES, example.file);

  it('is in canonical form and checks clean at full size', () => {
    const source = new Source(file, readFileSync(file, 'utf8'));
    expect(formatSource(source).text).toBe(source.text);
    expect(errorsAndWarnings(checkProgram(file).diagnostics)).toEqual([]);
  });

  it('compiles small for --target portable (ONNX checker) and ort-cpu, which run alike on onnxruntime', async () => {
    const outputs = [];
    for (const target of ['portable', 'ort-cpu'] as const) {
      const result = await compileFile(file, { sets: example.sets, target });
      expect(errorsAndWarnings(result.diagnostics)).toEqual([]);
      const bytes = result.bytes as Uint8Array;
      if (target === 'portable' && hasPythonOnnx()) expect(await onnxCheckerError(bytes)).toBeUndefined();
      const out = await runCpu(bytes, example.inputs.map(clip));
      expect(out.dims).toEqual([2, 10]);
      expect(out.data.every(Number.isFinite)).toBe(true);
      outputs.push(out.data);
    }
    expect(scaledMaxDiff(outputs[1] as Float32Array, outputs[0] as Float32Array)).toBeLessThanOrEqual(1e-4);
  }, 120_000);

  it('compiles for --target ort-cuda with every node on the GPU', async () => {
    const result = await compileFile(file, { sets: example.sets, target: 'ort-cuda' });
    expect(errorsAndWarnings(result.diagnostics)).toEqual([]);
    expect(result.bytes).toBeDefined();
  }, 120_000);

  it('is refused by --online: a 3-D network reads whole clips', async () => {
    const result = await compileFile(file, { sets: example.sets, online: true });
    expect(result.bytes).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['VN504']);
    expect(result.diagnostics[0]?.hint).toContain('a 3-D network (conv3d over [N, C, T, H, W]');
  });
});

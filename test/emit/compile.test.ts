import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../compiler/compile.js';
import { decodeGraph, type TensorProto } from '../../compiler/emit/proto.js';
import { writeFilesAtomic } from '../../io/atomic-write.js';
import { sym } from '../../compiler/ir/dim.js';
import type { IRGraph } from '../../compiler/ir/graph.js';
import { writeSafetensors } from '../../compiler/weights/safetensors-write.js';
import { openSession } from '../../runtime/session.js';
import { loadOrt } from '../../ort/ort.js';
import { GraphMaker, maxAbsDiff, param, randomTensor, runModel } from './helpers.js';
import { naiveLinear } from './reference.js';

const ort = await loadOrt();

const N = sym('N');
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vnet-compile-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** y = fc(x) with a 64x32 weight (8 KiB: large enough to go to external data). */
function fcNet(): IRGraph {
  const g = new GraphMaker();
  g.value('x', [N, 32]);
  g.node('linear', 'fc', ['x'], { id: 'y', shape: [N, 64] }, { outFeatures: 64 }, { weight: param('fc.weight', [64, 32]), bias: param('fc.bias', [64]) });
  return g.build('fc_net', ['x'], ['y']);
}

const weightValues = {
  w: Float32Array.from({ length: 64 * 32 }, (_, i) => Math.sin(i)),
  b: Float32Array.from({ length: 64 }, (_, i) => i / 64),
};

describe('compileGraph', () => {
  it('returns bytes without writing when no output is given', async () => {
    const result = await compileGraph(fcNet());
    expect(result.diagnostics).toEqual([]);
    expect(result.written).toBeUndefined();
    expect(decodeGraph(result.bytes!).node.map((n) => n.opType)).toEqual(['Gemm']);
  });

  it('uses the values of a safetensors checkpoint', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'fc.safetensors');
    writeFileSync(
      file,
      writeSafetensors({
        'module.fc.weight': { dtype: 'F32', shape: [64, 32], data: weightValues.w },
        'module.fc.bias': { dtype: 'F16', shape: [64], data: weightValues.b },
      }),
    );
    const result = await compileGraph(fcNet(), { weights: file });
    expect(result.diagnostics).toEqual([]);
    const x = randomTensor([3, 32]);
    const { y } = await runModel(result.bytes!, { x });
    expect(maxAbsDiff(y!.data, naiveLinear(x.data, 32, weightValues.w, weightValues.b))).toBeLessThan(1e-5);
  });

  it('reports a checkpoint that does not match, and emits nothing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.safetensors');
    writeFileSync(file, writeSafetensors({ 'fc.weight': { dtype: 'F32', shape: [10, 32], data: new Float32Array(320) } }));
    const result = await compileGraph(fcNet(), { weights: file, output: path.join(dir, 'm.onnx') });
    expect(result.bytes).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['VN402', 'VN404']);
    expect(readdirSync(dir)).toEqual(['bad.safetensors']);
  });

  it('reports an unreadable checkpoint', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'junk.safetensors');
    writeFileSync(file, 'not safetensors');
    const missing = await compileGraph(fcNet(), { weights: path.join(dir, 'none.safetensors') });
    const junk = await compileGraph(fcNet(), { weights: file });
    expect(missing.diagnostics[0]?.message).toMatch(/^cannot read weights '.*none.safetensors': no such file or directory$/);
    expect(junk.diagnostics[0]?.message).toMatch(/not a safetensors file nor a PyTorch checkpoint \(no zip header, no legacy magic number\)$/);
  });

  it('writes the model atomically to the output path', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'fc.onnx');
    const result = await compileGraph(fcNet(), { output: out });
    expect(result.written).toEqual([out]);
    expect(readdirSync(dir)).toEqual(['fc.onnx']);
    expect(Buffer.from(readFileSync(out)).equals(Buffer.from(result.bytes!))).toBe(true);
  });

  it('puts initializers into <out>.data with --external-data, and onnxruntime loads it', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'fc.onnx');
    const inline = await compileGraph(fcNet());
    const result = await compileGraph(fcNet(), { output: out, externalData: true });
    expect(result.diagnostics).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['fc.onnx', 'fc.onnx.data']);
    const weight = decodeGraph(readFileSync(out)).initializer.find((t) => t.name === 'fc.weight') as TensorProto;
    expect(weight.dataLocation).toBe(1);
    expect(Object.fromEntries(weight.externalData.map((e) => [e.key, e.value]))).toEqual({
      location: 'fc.onnx.data',
      offset: '0',
      length: String(64 * 32 * 4),
    });
    const x = randomTensor([2, 32]);
    // vnet's runtime too (as `vnetc run` opens it), from a working directory that is not the model's.
    const { session } = await openSession(out);
    expect(path.relative(process.cwd(), dir).startsWith('..')).toBe(true);
    const got = await session.run({ x: new ort.Tensor('float32', x.data, [2, 32]) });
    const want = await runModel(inline.bytes!, { x });
    expect(maxAbsDiff(got.y!.data as Float32Array, want.y!.data)).toBe(0);
  });

  it('reports an unwritable output as one VN007 and leaves nothing behind', async () => {
    const dir = tempDir();
    const missingDir = await compileGraph(fcNet(), { output: path.join(dir, 'no', 'such', 'm.onnx') });
    expect(missingDir.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([
      `VN007: cannot write '${path.join(dir, 'no', 'such', 'm.onnx')}': no such directory`,
    ]);
    if (process.getuid?.() !== 0) {
      const locked = path.join(dir, 'locked');
      rmSync(locked, { force: true, recursive: true });
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      const denied = await compileGraph(fcNet(), { output: path.join(locked, 'm.onnx'), externalData: true });
      expect(denied.diagnostics.map((d) => d.code)).toEqual(['VN007']);
      chmodSync(locked, 0o700);
      expect(readdirSync(locked)).toEqual([]);
    }
    const intoDirectory = await compileGraph(fcNet(), { output: dir });
    expect(intoDirectory.diagnostics.map((d) => d.message)).toEqual([`cannot write '${dir}': is a directory`]);
    expect(readdirSync(dir).filter((f) => f !== 'locked')).toEqual([]);
  });
});

describe('writeFilesAtomic', () => {
  it('removes temporary and already-placed files when a later file fails', async () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'model.onnx');
    mkdirSync(blocker); // a directory where the model should go: rename fails
    await expect(
      writeFilesAtomic([
        { path: path.join(dir, 'model.onnx.data'), content: Uint8Array.of(1, 2, 3) },
        { path: blocker, content: Uint8Array.of(4) },
      ]),
    ).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['model.onnx']);
    expect(readdirSync(blocker)).toEqual([]);
  });

  it('replaces an existing file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.onnx');
    writeFileSync(file, 'old');
    await writeFilesAtomic([{ path: file, content: new TextEncoder().encode('new') }]);
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['a.onnx']);
  });
});

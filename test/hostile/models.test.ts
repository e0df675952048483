/**
 * Hostile models and runs of the real executable: a tiny model declaring a huge output, an online
 * model with external data beside a stranger file of the same name, clips of the wrong shape,
 * a closed pipe, and signals while files are written. See harness.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, lstatSync, readFileSync, readdirSync, statSync, symlinkSync, chmodSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import onnxProto from 'onnx-proto';
import { afterAll, describe, expect, it } from 'vitest';
import { formatNpy } from '../../runtime/npy.js';
import { buildModel, node, valueInfo } from '../runtime/models.js';
import { BUILT, MAIN, expectRefused, interrupt, removeSandboxes, sandbox, snapshot, vnetScratch, vnetc } from './harness.js';
import { ONE_SHIFT_ONLINE } from '../online/helpers.js';

afterAll(removeSandboxes);

function clip(dims: number[]): Uint8Array {
  const n = dims.reduce((a, b) => a * b, 1);
  return formatNpy({ type: 'float32', dims, data: Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37)) });
}

/** 112 bytes or so: x [1] expanded to a declared [1, 200M] output. */
function hugeOutputModel(): Uint8Array {
  const shape = { name: 'shape', dataType: onnxProto.onnx.TensorProto.DataType.INT64, dims: [2], int64Data: [1, 200_000_000] };
  return buildModel({
    inputs: [valueInfo('x', [1])],
    outputs: [valueInfo('y', [1, 200_000_000])],
    nodes: [
      {
        opType: 'Constant',
        input: [],
        output: ['shape'],
        name: 'c',
        attribute: [{ name: 'value', type: onnxProto.onnx.AttributeProto.AttributeType.TENSOR, t: shape }],
      },
      node('Expand', ['x', 'shape'], ['y']),
    ],
  });
}

describe.skipIf(!BUILT)('hostile models', () => {
  it('run on a tiny model declaring a [1, 200M] output: one line, exit 1, under 1 GB', () => {
    const sb = sandbox({ 'huge.onnx': hugeOutputModel() });
    const before = snapshot(sb.outside);
    const ran = vnetc(sb, ['run', 'huge.onnx']);
    expect(expectRefused(ran, sb, before, [1])).toBe(
      "vnetc: output 'y' has shape [1, 200000000] (200000000 values); vnetc run reads at most 67108864 values per output",
    );
  });

  it('run --stream opens a model with external data by its path, never a stranger file in the working folder', () => {
    const sb = sandbox({ 'net.vnet': ONE_SHIFT_ONLINE, 'clip.npy': clip([4, 3, 8, 8]), 'models/.keep': '' });
    const compiled = vnetc(sb, ['compile', 'net.vnet', '--online', '--external-data', '-o', 'models/m.onnx']);
    expect(compiled.stderr).toBe('');
    const stream = () => vnetc(sb, ['run', 'models/m.onnx', '--stream', '--input', 'clip.npy', '--json']);
    const logits = (out: string) => (JSON.parse(out) as { frames: { logits: unknown }[] }).frames.map((f) => f.logits);
    const alone = stream();
    expect(alone.code).toBe(0);
    // A stranger `m.onnx.data` of the same size in the working folder: different numbers.
    const data = readFileSync(path.join(sb.work, 'models', 'm.onnx.data'));
    writeFileSync(path.join(sb.work, 'm.onnx.data'), Buffer.from(data.map((b, i) => (i % 4 === 3 ? b ^ 0x40 : b))));
    const withStranger = stream();
    expect(withStranger.code).toBe(0);
    expect(logits(withStranger.stdout)).toEqual(logits(alone.stdout));
  });

  it('--stream checks the frame shape: a (3, 8, 8, 4) array is not 4 frames of (3, 8, 8)', () => {
    const sb = sandbox({ 'net.vnet': ONE_SHIFT_ONLINE, 'bad.npy': clip([3, 8, 8, 4]) });
    const before = snapshot(sb.outside);
    const line = expectRefused(vnetc(sb, ['run', 'net.vnet', '--stream', '--input', 'bad.npy']), sb, before, [1]);
    expect(line).toBe("vnetc: 'bad.npy' has shape [3, 8, 8, 4]; expected frames of shape [3, 8, 8]: one frame [3, 8, 8], a clip [T, ...] or [1, T, ...]");
  });
});

describe.skipIf(!BUILT)('unusual but valid files', () => {
  it('fmt formats the target of a symlink in place, keeps the link and the mode; a hard link keeps the old text', () => {
    const messy = 'network n(x: f32[1, 4]) {\nreturn x |> relu\n}\n';
    const sb = sandbox({ 'real.vnet': messy });
    chmodSync(path.join(sb.work, 'real.vnet'), 0o640);
    symlinkSync('real.vnet', path.join(sb.work, 'link.vnet'));
    linkSync(path.join(sb.work, 'real.vnet'), path.join(sb.work, 'hard.vnet'));
    const ran = vnetc(sb, ['fmt', 'link.vnet']);
    expect(ran.code).toBe(0);
    const formatted = readFileSync(path.join(sb.work, 'real.vnet'), 'utf8');
    expect(formatted).toBe('network n(x: f32[1, 4]) {\n  return x |> relu\n}\n');
    expect(lstatSync(path.join(sb.work, 'link.vnet')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(sb.work, 'hard.vnet'), 'utf8')).toBe(messy);
    expect(statSync(path.join(sb.work, 'real.vnet')).mode & 0o777).toBe(0o640);
  });

  it('a closed pipe (`| head -n 1`) ends quietly', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`d/f${i}.vnet`] = 'network n(x: f32[1, 4]) {\n  return nope\n}\n';
    const sb = sandbox(files);
    const ran = spawnSync('bash', ['-c', `'${process.execPath}' '${MAIN}' check d | head -n 1; echo "status=\${PIPESTATUS[0]}" >&2`], {
      cwd: sb.work,
      encoding: 'utf8',
    });
    expect(ran.stdout.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(ran.stderr).toMatch(/^status=(0|1)\n$/);
  });
});

describe.skipIf(!BUILT)('signals while writing', () => {
  it('SIGTERM while the model is written: the temporary file is removed, exit 143', { timeout: 120_000 }, async () => {
    const sb = sandbox({ 'net.vnet': 'network n(x: f32[1, 64]) {\n  return x |> linear(16) as fc\n}\n' });
    // Held at the open of the temporary model file (the atomic writer's `.net.onnx.<pid>.<hex>.tmp`).
    const run = await interrupt(sb, ['compile', 'net.vnet', '-o', 'net.onnx'], /\/\.net\.onnx\.\d+\.[0-9a-f]+\.tmp$/, 'SIGTERM');
    expect(run.caught, `the write was reached\n${run.stderr}`).toBe(true);
    expect(run.code).toBe(143);
    expect(readdirSync(sb.work).sort()).toEqual(['net.vnet', 'vnet.json']);
  });

  it('SIGINT during an ort-cpu compile: the scratch folder in TMPDIR is removed, exit 130', { timeout: 120_000 }, async () => {
    const sb = sandbox({ 'net.vnet': ONE_SHIFT_ONLINE });
    // Held at the read of onnxruntime's optimized model, inside the scratch folder it was saved to.
    const run = await interrupt(sb, ['compile', 'net.vnet', '--target', 'ort-cpu', '-o', 'net.onnx'], /\/vnet-ort-[^/]+\/optimized\.onnx$/, 'SIGINT');
    expect(run.caught, `the scratch folder was reached\n${run.stderr}`).toBe(true);
    expect(run.code).toBe(130);
    expect(vnetScratch(sb)).toEqual([]);
    expect(existsSync(path.join(sb.work, 'net.onnx'))).toBe(false);
  });
});

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../compiler/compile.js';
import { sym } from '../../compiler/ir/dim.js';
import type { IRGraph } from '../../compiler/ir/graph.js';
import { topLevelKeys } from '../../compiler/weights/json-keys.js';
import { parseSafetensors } from '../../compiler/weights/safetensors.js';
import { writeSafetensors } from '../../compiler/weights/safetensors-write.js';
import { GraphMaker, param } from '../emit/helpers.js';
import { runVnetc } from '../cli/helpers.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vnet-hostile-weights-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function fcNet(): IRGraph {
  const g = new GraphMaker();
  g.value('x', [sym('N'), 2]);
  g.node('linear', 'fc', ['x'], { id: 'y', shape: [sym('N'), 3] }, { outFeatures: 3 }, { weight: param('fc.weight', [3, 2]), bias: param('fc.bias', [3]) });
  return g.build('fc_net', ['x'], ['y']);
}

/** A 64x32 weight: large enough to go to external data. */
function bigFcNet(): IRGraph {
  const g = new GraphMaker();
  g.value('x', [sym('N'), 32]);
  g.node(
    'linear',
    'fc',
    ['x'],
    { id: 'y', shape: [sym('N'), 64] },
    { outFeatures: 64 },
    { weight: param('fc.weight', [64, 32]), bias: param('fc.bias', [64]) },
  );
  return g.build('fc_net', ['x'], ['y']);
}

/** A safetensors file whose header is exactly `header` (JSON text) followed by `data`. */
function rawSafetensors(header: string, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('checkpoints that would be read wrongly', () => {
  it('a tensor name given twice in the header is refused (JSON.parse would keep the last silently)', () => {
    const header = '{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}';
    const parsed = parseSafetensors(rawSafetensors(header, new Uint8Array(8)));
    expect(parsed).toEqual({ ok: false, error: "bad header: the name 'w' appears twice" });
  });

  it('top-level keys are read through strings and nesting, escapes included', () => {
    expect(topLevelKeys('{"a":{"a":1,"b":[{"c":2}]},"b\\"}":"x\\\\","__metadata__":{"k":"v"}}')).toEqual(['a', 'b"}', '__metadata__']);
  });

  it('NaN or Inf in the weights is a warning (VN450); with --strict nothing is written', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.safetensors');
    writeFileSync(
      file,
      writeSafetensors({
        'fc.weight': { dtype: 'F32', shape: [3, 2], data: Float32Array.from([1, Number.NaN, 3, Number.POSITIVE_INFINITY, 5, 6]) },
        'fc.bias': { dtype: 'F16', shape: [3], data: Float32Array.from([0, Number.NEGATIVE_INFINITY, 0]) },
      }),
    );
    const lenient = await compileGraph(fcNet(), { weights: file, output: path.join(dir, 'a.onnx') });
    expect(lenient.diagnostics.map((d) => `${d.code} ${d.severity}: ${d.message}`)).toEqual([
      `VN450 warning: '${file}': 2 tensors hold NaN or infinite values: fc.weight (2 values), fc.bias (1 value)`,
    ]);
    expect(lenient.written).toBeDefined();
    const strict = await compileGraph(fcNet(), { weights: file, output: path.join(dir, 'b.onnx'), strict: true });
    expect(strict.diagnostics.map((d) => d.code)).toEqual(['VN450']);
    expect(strict.written).toBeUndefined();
    expect(readdirSync(dir).sort()).toEqual(['a.onnx', 'w.safetensors']);
  });

  it('a weight tensor larger than one write() goes out in pieces, byte for byte (external data)', async () => {
    const dir = tempDir();
    const whole = await compileGraph(bigFcNet(), { output: path.join(dir, 'one.onnx'), externalData: true });
    const pieces = await compileGraph(bigFcNet(), { output: path.join(dir, 'pieces.onnx'), externalData: true, maxWriteBytes: 5 });
    expect(whole.diagnostics).toEqual([]);
    expect(pieces.diagnostics).toEqual([]);
    const { readFileSync } = await import('node:fs');
    const data = readFileSync(path.join(dir, 'pieces.onnx.data'));
    expect(data.length).toBeGreaterThanOrEqual(64 * 32 * 4);
    expect(data).toEqual(readFileSync(path.join(dir, 'one.onnx.data')));
  });

  it('vnetc compile --strict: the NaN warning fails the compile (exit 1) and nothing is written', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'net.vnet'), 'network n(x: f32[1, 2]) {\n  return x |> linear(3) as fc\n}\n');
    writeFileSync(
      path.join(dir, 'w.safetensors'),
      writeSafetensors({
        'fc.weight': { dtype: 'F32', shape: [3, 2], data: Float32Array.from([1, Number.NaN, 3, 4, 5, 6]) },
        'fc.bias': { dtype: 'F32', shape: [3], data: Float32Array.from([0, 0, 0]) },
      }),
    );
    const lenient = await runVnetc(['compile', 'net.vnet', '--weights', 'w.safetensors', '-o', 'a.onnx'], dir);
    expect(lenient.code).toBe(0);
    expect(lenient.err).toContain('warning VN450');
    const strict = await runVnetc(['compile', 'net.vnet', '--weights', 'w.safetensors', '-o', 'b.onnx', '--strict'], dir);
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(/warning VN450: '.*w\.safetensors': a tensor holds NaN or infinite values: fc\.weight \(1 value\)/);
    expect(readdirSync(dir).sort()).toEqual(['a.onnx', 'net.vnet', 'w.safetensors']);
  });
});

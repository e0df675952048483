import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileCommand, type CompileCommandOptions } from '../../cli/commands/compile.js';
import type { CliContext } from '../../cli/context.js';
import { decodeModel } from '../../compiler/emit/proto.js';
import { writeSafetensors } from '../../compiler/weights/safetensors-write.js';

const SHIFT = `const T = 3

network shift_net(clip: f32[N, T, 16, 2, 2]) -> f32[N, T, 16, 2, 2] {
  return clip |> frames |> shift(fold=1/8, dir=both) |> unframes
}
`;

const FC = `network fc_net(x: f32[N, 4]) -> f32[N, 2] {
  return x |> linear(2) as fc
}
`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vnet-cli-compile-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

async function run(cwd: string, options: CompileCommandOptions): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false, debug: false, cwd };
  const code = await compileCommand(options, ctx);
  return { code, stdout, stderr };
}

describe('vnetc compile', () => {
  it('writes <file>.onnx next to the source by default and says so', async () => {
    const dir = project({ 'shift.vnet': SHIFT });
    const result = await run(dir, { file: 'shift.vnet' });
    expect(result).toEqual({ code: 0, stdout: 'compiled shift_net (3 -> 3 IR nodes) -> shift.onnx\n', stderr: '' });
    const model = decodeModel(readFileSync(path.join(dir, 'shift.onnx')));
    const meta = Object.fromEntries((model.metadataProps ?? []).map((p) => [p.key, p.value]));
    expect(meta['vnet.network']).toBe('shift_net');
    expect(meta['vnet.source_sha256']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records --set values in the metadata and honours --opset', async () => {
    const dir = project({ 'shift.vnet': SHIFT });
    const result = await run(dir, { file: 'shift.vnet', output: 'out.onnx', sets: { T: '4' }, opset: 18 });
    expect(result.code).toBe(0);
    const model = decodeModel(readFileSync(path.join(dir, 'out.onnx')));
    const meta = Object.fromEntries((model.metadataProps ?? []).map((p) => [p.key, p.value]));
    expect(meta['vnet.set.T']).toBe('4');
    expect(Number(model.opsetImport?.[0]?.version)).toBe(18);
  });

  it('writes <out>.data with --external-data', async () => {
    const dir = project({ 'fc.vnet': FC });
    expect((await run(dir, { file: 'fc.vnet', output: 'm.onnx', externalData: true })).stdout).toBe(
      'compiled fc_net (1 -> 1 IR nodes) -> m.onnx + m.onnx.data\n',
    );
    expect(readdirSync(dir).sort()).toEqual(['fc.vnet', 'm.onnx', 'm.onnx.data']);
  });

  it('an unwritable output is one line and exit 2, with nothing left behind', async () => {
    const dir = project({ 'shift.vnet': SHIFT });
    const result = await run(dir, { file: 'shift.vnet', output: 'missing/dir/out.onnx' });
    expect(result).toEqual({ code: 2, stdout: '', stderr: "error VN007: cannot write 'missing/dir/out.onnx': no such directory\n" });
    expect(readdirSync(dir)).toEqual(['shift.vnet']);
  });

  it('a bad --opset or --target is a usage error (exit 2)', async () => {
    const dir = project({ 'shift.vnet': SHIFT });
    const opset = await run(dir, { file: 'shift.vnet', opset: 13 });
    expect(opset.code).toBe(2);
    expect(opset.stderr).toBe('error VN406: --opset 13 is not supported: vnet emits ONNX opsets 17 to 21\n');
    const target = await run(dir, { file: 'shift.vnet', target: 'tpu' });
    expect(target.code).toBe(2);
    expect(target.stderr).toBe("error VN407: unknown target 'tpu': expected one of portable, ort-cpu, ort-cuda, web\n");
    expect(existsSync(path.join(dir, 'shift.onnx'))).toBe(false);
  });

  it('weights that do not match are problems (exit 1) listing names and shapes', async () => {
    const weights = writeSafetensors({ 'fc.weight': { dtype: 'F32', shape: [3, 4], data: new Float32Array(12) } });
    const dir = project({ 'fc.vnet': FC, 'w.safetensors': weights });
    const result = await run(dir, { file: 'fc.vnet', weights: 'w.safetensors' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error VN402:');
    expect(result.stderr).toContain('fc.bias [2]');
    expect(result.stderr).toContain('fc.weight is [3, 4], the network needs [2, 4]');
    expect(readdirSync(dir).sort()).toEqual(['fc.vnet', 'w.safetensors']);
  });

  it('a program with errors is exit 1 and writes nothing', async () => {
    const dir = project({ 'bad.vnet': 'network broken(x: f32[N, 4]) -> f32[N, 4] {\n  return x |> nosuchop\n}\n' });
    const result = await run(dir, { file: 'bad.vnet' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.vnet:2:\d+: error VN\d+/);
    expect(readdirSync(dir)).toEqual(['bad.vnet']);
  });

  it('a missing input file is exit 2', async () => {
    const dir = project({});
    const result = await run(dir, { file: 'none.vnet' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('VN001');
  });
});

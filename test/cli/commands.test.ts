import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runVnetc as vnetc } from './helpers.js';

const SHIFT_NET = `const T = 2

network net(clip: f32[N, T, 3, 8, 8]) -> f32[N, 4] {
  return clip
    |> frames
    |> conv2d(16, k=3, pad=1) as stem
    |> relu
    |> shift(fold=1/4, dir=both)
    |> conv2d(16, k=1) as conv
    |> global_avgpool
    |> linear(4) as fc
    |> consensus
}
`;

describe('vnetc compile, passes', () => {
  test('passes lists every pass with the -O levels that run it', async () => {
    const { code, out } = await vnetc(['passes']);
    expect(code).toBe(0);
    expect(out).toMatch(/^fuse-shift-conv\s+-O2\s+compile each temporal shift into the convolution after it/m);
    expect(out.split('\n').filter((l) => l !== '')).toHaveLength(8);
    expect(out).toMatch(/^remove-identity\s+-O1 -O2\s+/m);
    expect(out).toMatch(/^ort-cpu-layout\s+lay the model out in onnxruntime's NCHWc layout for this CPU/m);
  });

  test('compile --explain prints one line per candidate site, then what was written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vnet-explain-'));
    writeFileSync(path.join(dir, 'net.vnet'), SHIFT_NET);
    const { code, out } = await vnetc(['compile', 'net.vnet', '--explain', '--target', 'portable'], dir);
    expect(code).toBe(0);
    expect(out).toContain('fuse-shift-conv  shift_0  fired: 2 of 3 channel groups shifted apart ([0:4] [4:8] [8:16])');
    expect(out).toMatch(/compiled net \(\d+ -> \d+ IR nodes\) -> net\.onnx\n$/);
  });

  test('compile -O0 runs no pass, so --explain has nothing to say', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vnet-explain-'));
    writeFileSync(path.join(dir, 'net.vnet'), SHIFT_NET);
    const { code, out } = await vnetc(['compile', 'net.vnet', '-O0', '--explain'], dir);
    expect(code).toBe(0);
    expect(out).toContain('explain: no pass had a candidate site\n');
  });

  test('compile --explain json prints a JSON array of {pass, fired, reason, layer, span}; the summary goes to stderr', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vnet-explain-'));
    writeFileSync(path.join(dir, 'net.vnet'), SHIFT_NET);
    const { code, out } = await vnetc(['compile', 'net.vnet', '--target', 'portable', '--explain', 'json'], dir);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual([
      { pass: 'fuse-shift-conv', fired: true, reason: '2 of 3 channel groups shifted apart ([0:4] [4:8] [8:16])', layer: 'shift_0', span: 'net.vnet:8:8' },
    ]);
  });

  test('compile --explain takes text or json only', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vnet-explain-'));
    writeFileSync(path.join(dir, 'net.vnet'), SHIFT_NET);
    const { code, err } = await vnetc(['compile', '--explain', 'net.vnet'], dir);
    expect(code).toBe(2);
    expect(err).toContain("expected text or json, got 'net.vnet' (write the file before --explain, or --explain text)");
  });
});

describe('vnetc lsp', () => {
  test('without --stdio is a usage error that says how the editor starts it', async () => {
    const { code, err } = await vnetc(['lsp']);
    expect(code).toBe(2);
    expect(err).toBe('vnetc lsp: only --stdio is supported (the editor starts `vnetc lsp --stdio`)\n');
  });
});

/**
 * A lean install (`npm install --omit=optional`) as the built vnetc sees it: hide-optional.cjs makes
 * onnxruntime-node and onnxruntime-web (and esbuild) unresolvable and logs every
 * attempt to reach them. check, fmt, summary, compile and lsp must never try; run, web, bench and a
 * blocked ort-cpu compile say in one line what to install (VN030) and exit 2.
 * test/package/pack.test.ts does the same through a real `npm pack` and install.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { built, main, positionOf, startClient } from '../lsp/client.js';

const HIDE = fileURLToPath(new URL('./hide-optional.cjs', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

const NET = `const CLASSES = 4

network tiny(x: f32[N, 8]) -> f32[N, CLASSES] {
  return x |> linear(CLASSES) as fc
}
`;

let dir = '';
let log = '';

function vnetc(args: readonly string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--require', HIDE, main, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, VNET_HIDDEN_LOG: log, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function reached(): string[] {
  try {
    return readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
  } catch {
    return [];
  }
}

/** The one VN030 line a lean install prints for `command` needing `pkg`. */
function missingLine(command: string, pkg: string, feature: string, version: string): string {
  return `error VN030: 'vnetc ${command}' needs ${pkg} ${feature}, which this installation left out (--omit=optional): install it with 'npm install ${pkg}@${version}'\n`;
}

const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as {
  optionalDependencies: Record<string, string>;
};

describe.skipIf(!built)('a lean install (optional packages absent)', () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vnet-lean-'));
    log = path.join(dir, 'reached.log');
    writeFileSync(path.join(dir, 'tiny.vnet'), NET);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('check, fmt, summary and compile never load an optional package', () => {
    expect(vnetc(['check', 'tiny.vnet']).code).toBe(0);
    expect(vnetc(['check', '--format', 'github', 'tiny.vnet']).code).toBe(0);
    expect(vnetc(['fmt', '--check', 'tiny.vnet']).code).toBe(0);
    expect(vnetc(['summary', 'tiny.vnet']).code).toBe(0);
    const compiled = vnetc(['compile', 'tiny.vnet', '-o', 'tiny.onnx']);
    expect(compiled.err).toBe('');
    expect(compiled.code).toBe(0);
    // ort-cpu without time shifts, and a TSM in the plain layout, need no onnxruntime either.
    expect(vnetc(['compile', 'tiny.vnet', '-o', 'cpu.onnx', '--target', 'ort-cpu']).code).toBe(0);
    const plain = ['compile', path.join(EXAMPLES, 'tsm_resnet50.vnet'), '--set', 'T=2', '-o', 'tsm.onnx', '--target', 'ort-cpu', '--cpu-layout', 'plain'];
    expect(vnetc(plain).code).toBe(0);
    expect(reached()).toEqual([]);
  });

  it('the language server answers without loading one', async () => {
    const previous = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${previous ?? ''} --require ${HIDE}`;
    process.env.VNET_HIDDEN_LOG = log;
    const client = await startClient();
    process.env.NODE_OPTIONS = previous;
    delete process.env.VNET_HIDDEN_LOG;
    try {
      const file = path.join(dir, 'tiny.vnet');
      const uri = await client.open(file, NET);
      const hover = (await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: positionOf(NET, 'linear'),
      })) as { contents: { value: string } } | null;
      expect(hover?.contents.value).toContain('f32[N, 4]');
    } finally {
      await client.stop();
    }
    expect(reached()).toEqual([]);
  });

  it('run says in one line to install onnxruntime-node, and exits 2', () => {
    const r = vnetc(['run', 'tiny.onnx']);
    expect(r.err).toBe(missingLine('run', 'onnxruntime-node', 'to run models', pkg.optionalDependencies['onnxruntime-node']!));
    expect(r.out).toBe('');
    expect(r.code).toBe(2);
  });

  it('compile --target ort-cpu of a network with time shifts (blocked layout) says so too', () => {
    const r = vnetc(['compile', path.join(EXAMPLES, 'tsm_resnet50.vnet'), '--set', 'T=2', '-o', 'blocked.onnx', '--target', 'ort-cpu']);
    const feature = 'to lay time shifts out in its CPU layout (--target ort-cpu; --cpu-layout plain needs no onnxruntime)';
    expect(r.err).toBe(missingLine('compile', 'onnxruntime-node', feature, pkg.optionalDependencies['onnxruntime-node']!));
    expect(r.code).toBe(2);
  });

  it('web says in one line to install onnxruntime-web', () => {
    const online = vnetc(['compile', path.join(EXAMPLES, 'tsm_mobilenetv2_online.vnet'), '--online', '--set', 'T=1', '-o', 'online.onnx']);
    expect(online.code).toBe(0);
    const r = vnetc(['web', 'online.onnx', '-o', 'site']);
    const feature = 'for the wasm files the page runs the model with';
    expect(r.err).toBe(missingLine('web', 'onnxruntime-web', feature, pkg.optionalDependencies['onnxruntime-web']!));
    expect(r.code).toBe(2);
    expect(reached()).toContain('onnxruntime-web');
    expect(reached()).not.toContain('esbuild');
  });
});

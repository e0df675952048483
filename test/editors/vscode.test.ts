/**
 * The VS Code extension (editors/vscode): `vsce package` (the version that runs on Node 20) packages it
 * without a warning, as two bundles and no node_modules; the bundled language server answers from a
 * folder with no npm project; and the extension picks its server in the order (the project's
 * own vnet searched upwards from the file's folder, then the bundled one, then `vnet.server.command`),
 * running JavaScript with VS Code's own runtime when `node` is not on PATH.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempTree } from '../cli/helpers.js';
import type { Hover } from 'vscode-languageserver-protocol';
import { positionOf, startClient } from '../lsp/client.js';
import { ROOT, npm } from '../package/npm.js';

const EXT = path.join(ROOT, 'editors', 'vscode');
const require = createRequire(import.meta.url);
const { chooseServer } = require(path.join(EXT, 'src', 'find-server.js')) as {
  chooseServer: (o: { from: string[]; bundled?: string; setting?: string; nodePath?: string; execPath: string; env?: NodeJS.ProcessEnv }) => {
    kind: string;
    command: string;
    args: string[];
    env?: Record<string, string>;
  };
};

const NET = `network tiny(x: f32[N, 8]) -> f32[N, 4] {
  return x |> linear(4) as fc |> conv2d(4, k=3) as conv
}
`;

let temp = '';

beforeAll(() => {
  temp = mkdtempSync(path.join(tmpdir(), 'vnet-vscode-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('editors/vscode: which server the extension runs', () => {
  const vnetPackage = JSON.stringify({ name: 'vnet', bin: { vnetc: 'dist/cli/main.js' } });
  const execPath = '/opt/vscode/code';

  it("the project's own vnet, found from the file's folder upwards, run with node from PATH", async () => {
    const project = await tempTree({ 'node_modules/vnet/package.json': vnetPackage, 'node_modules/vnet/dist/cli/main.js': '', 'models/deep/net.vnet': NET });
    const chosen = chooseServer({ from: [path.join(project, 'models', 'deep')], bundled: __filename, nodePath: '/usr/bin/node', execPath });
    expect(chosen).toMatchObject({ kind: 'project', command: '/usr/bin/node', args: [path.join(project, 'node_modules/vnet/dist/cli/main.js'), 'lsp'] });
    expect(chosen.env).toBeUndefined();
  });

  it("without node on PATH, VS Code's own executable runs it as Node (ELECTRON_RUN_AS_NODE)", async () => {
    const project = await tempTree({ 'node_modules/vnet/package.json': vnetPackage, 'node_modules/vnet/dist/cli/main.js': '' });
    const chosen = chooseServer({ from: [project], bundled: __filename, execPath, env: { PATH: '/nowhere' } });
    expect(chosen).toMatchObject({ kind: 'project', command: execPath, env: { ELECTRON_RUN_AS_NODE: '1', PATH: '/nowhere' } });
  });

  it('a node_modules/.bin/vnetc link counts as the project vnet too', async () => {
    const project = await tempTree({ 'vendor/vnet/cli.js': '' });
    mkdirSync(path.join(project, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(path.join(project, 'vendor/vnet/cli.js'), path.join(project, 'node_modules', '.bin', 'vnetc'));
    const chosen = chooseServer({ from: [project], bundled: __filename, nodePath: '/usr/bin/node', execPath });
    expect(chosen).toMatchObject({ kind: 'project', args: [path.join(project, 'vendor/vnet/cli.js'), 'lsp'] });
  });

  it('no project vnet (a folder without npm): the bundled server, then the setting, then vnetc on PATH', async () => {
    const plain = await tempTree({ 'net.vnet': NET });
    expect(chooseServer({ from: [plain], bundled: __filename, setting: '/x/vnetc', nodePath: '/usr/bin/node', execPath })).toMatchObject({
      kind: 'bundled',
      args: [__filename],
    });
    const missing = path.join(plain, 'no-such-bundle.js');
    expect(chooseServer({ from: [plain], bundled: missing, setting: '/x/vnetc', execPath })).toMatchObject({
      kind: 'setting',
      command: '/x/vnetc',
      args: ['lsp'],
    });
    expect(chooseServer({ from: [plain], bundled: missing, execPath })).toMatchObject({ kind: 'path', command: 'vnetc', args: ['lsp'] });
  });
});

describe('editors/vscode: vsce package', () => {
  beforeAll(() => {
    if (!existsSync(path.join(EXT, 'node_modules', '.bin', 'vsce'))) npm(['ci', '--prefer-offline', '--no-audit', '--no-fund'], EXT);
  }, 600_000);

  it('runs on this Node (its engines allow Node 20)', () => {
    const vsce = JSON.parse(readFileSync(path.join(EXT, 'node_modules', '@vscode', 'vsce', 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(vsce.engines.node).toBe('>= 20');
  });

  it('packages without a warning: two bundles and the grammar, no docs or node_modules', () => {
    const out = path.join(temp, 'vnet.vsix');
    const r = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '-o', out], { cwd: EXT, encoding: 'utf8', timeout: 300_000 });
    const log = `${r.stdout}${r.stderr}`;
    expect(r.status, log).toBe(0);
    expect(log).not.toMatch(/WARNING|\bWARN\b/);
    expect(existsSync(out)).toBe(true);
    const listed = spawnSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: EXT, encoding: 'utf8', timeout: 120_000 });
    expect(
      listed.stdout
        .split('\n')
        .filter((l) => l !== '')
        .sort(),
    ).toEqual([
      'LICENSE',
      'README.md',
      'dist/extension.js',
      'language-configuration.json',
      'package.json',
      'server/vnet-lsp.js',
      'syntaxes/vnet.tmLanguage.json',
    ]);
  }, 600_000);

  it('the bundled server works in a folder with no npm project: diagnostics and hover with the op docs', async () => {
    // The packaged layout (server/ alone), away from any node_modules and docs/.
    const installed = mkdtempSync(path.join(temp, 'extension-'));
    mkdirSync(path.join(installed, 'server'));
    copyFileSync(path.join(EXT, 'server', 'vnet-lsp.js'), path.join(installed, 'server', 'vnet-lsp.js'));
    chmodSync(path.join(installed, 'server', 'vnet-lsp.js'), 0o644);
    const folder = await tempTree({ 'net.vnet': NET });
    const client = await startClient(undefined, { argv: [path.join(installed, 'server', 'vnet-lsp.js'), '--stdio'], folder });
    try {
      const file = path.join(folder, 'net.vnet');
      const uri = `file://${file}`;
      const published = client.nextDiagnostics(uri, (d) => d.length > 0);
      await client.open(file, NET);
      const diagnostics = await published;
      expect(diagnostics.map((d) => d.code)).toContain('VN302');
      const hover = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(NET, 'linear', 2) });
      const value = (hover.contents as { value: string }).value;
      expect(value).toContain('output: `f32[N, 4]`');
      // The operation's line from the op registry, bundled in the server.
      expect(value).toContain('`[..., D] -> [..., out]`');
    } finally {
      await client.stop();
    }
  });
});

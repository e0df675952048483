/**
 * Neovim as a real LSP client: Debian's headless nvim (0.7) runs the "Neovim 0.7" setup of
 * docs/editors.md as its config, opens a .vnet file, and the server it starts (`vnetc lsp --stdio`, the
 * built CLI behind a `vnetc` on PATH) publishes the diagnostics and answers a hover. Bounded in time;
 * skipped with a message when nvim is absent (.ci/run installs Debian's neovim).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { built, main, positionOf } from '../lsp/client.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DRIVE = fileURLToPath(new URL('./nvim-drive.lua', import.meta.url));

const nvimVersion = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const nvim = nvimVersion.status === 0 ? (nvimVersion.stdout.split('\n')[0] ?? 'nvim') : undefined;
if (!nvim) console.warn('skipping the Neovim client test: no nvim on PATH (on Debian: apt-get install neovim)');

const NET = `network tiny(x: f32[N, 8]) -> f32[N, 4] {
  return x |> linear(4) as fc |> conv2d(4, k=3) as conv
}
`;

/** The first ```lua block after `heading` in docs/editors.md. */
function luaBlockAfter(heading: string): string {
  const doc = readFileSync(path.join(ROOT, 'docs', 'editors.md'), 'utf8');
  const from = doc.indexOf(`\n${heading}\n`);
  const block = /```lua\n([\s\S]*?)```/.exec(doc.slice(from));
  if (from < 0 || !block) throw new Error(`docs/editors.md has no lua block after '${heading}'`);
  return block[1]!;
}

describe.skipIf(!nvim || !built)(`Neovim (${nvim}) with the docs' 0.7 setup`, () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vnet-nvim-'));
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'vnetc'), `#!/bin/sh\nexec "${process.execPath}" "${main}" "$@"\n`);
    chmodSync(path.join(bin, 'vnetc'), 0o755);
    writeFileSync(path.join(dir, 'init.lua'), luaBlockAfter('## Neovim 0.7'));
    mkdirSync(path.join(dir, 'project'));
    writeFileSync(path.join(dir, 'project', 'net.vnet'), NET);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('attaches, gets the diagnostics and a hover', () => {
    const out = path.join(dir, 'out.jsonl');
    const hoverAt = positionOf(NET, 'linear', 2);
    const r = spawnSync('nvim', ['--headless', '-u', path.join(dir, 'init.lua'), '-i', 'NONE', '--noplugin', '-n', 'net.vnet', '-c', `luafile ${DRIVE}`], {
      cwd: path.join(dir, 'project'),
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        PATH: `${path.join(dir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
        XDG_CONFIG_HOME: path.join(dir, 'config'),
        XDG_DATA_HOME: path.join(dir, 'data'),
        XDG_STATE_HOME: path.join(dir, 'state'),
        VNET_OUT: out,
        VNET_HOVER_LINE: String(hoverAt.line),
        VNET_HOVER_CHARACTER: String(hoverAt.character),
      },
    });
    expect(r.error, r.stderr).toBeUndefined();
    const lines = readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { kind: string; value: unknown });
    expect(lines.find((l) => l.kind === 'attached')?.value).toBe(true);
    const diagnostics = lines.filter((l) => l.kind === 'diagnostic').map((l) => l.value);
    expect(diagnostics).toEqual([
      {
        lnum: 1,
        col: NET.split('\n')[1]!.indexOf('conv2d'),
        code: 'VN302',
        message: "'conv2d' expects a 4-D input [B, C, H, W], found [N, 4] (2-D)",
        severity: 1,
      },
    ]);
    const hover = lines.find((l) => l.kind === 'hover')?.value as { kind: string; value: string } | undefined;
    expect(hover?.kind).toBe('markdown');
    expect(hover?.value).toContain('output: `f32[N, 4]`');
    expect(hover?.value).toContain('`fc.weight` [4, 8]');
  }, 90_000);

  it('the 0.8+ and 0.10 blocks are valid Lua (this nvim is older: they are only compiled, not run)', () => {
    const blocks = ['## Neovim 0.8 and later', '**Inlay hints (Neovim 0.10 and later)**: the shape after every pipeline stage.'].map(luaBlockAfter);
    for (const [i, block] of blocks.entries()) {
      const file = path.join(dir, `block${i}.lua`);
      writeFileSync(file, block);
      const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-c', `lua assert(loadfile(${JSON.stringify(file)}))`, '-c', 'qa!'], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(`${r.stdout}${r.stderr}`, `block ${i}`).toBe('');
      expect(r.status).toBe(0);
    }
  });
});

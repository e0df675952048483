/**
 * The pre-commit hooks (.pre-commit-hooks.yaml) run as pre-commit runs them, without pre-commit itself:
 * each hook's `files` regex picks the staged files, its `entry` is run with `args` and those files
 * appended (the entry's command found on PATH, where `language: node` installs vnet's bin), and the hook
 * fails when the command exits non-zero or changes a file.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempTree } from '../cli/helpers.js';
import { parse } from 'yaml';
import { built, main } from '../lsp/client.js';
import { ROOT } from './npm.js';

interface Hook {
  readonly id: string;
  readonly entry: string;
  readonly language: string;
  readonly files?: string;
  readonly exclude?: string;
  readonly args?: string[];
  readonly types?: string[];
}

const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

const FORMATTED = `network tiny(x: f32[N, 8]) -> f32[N, 4] {
  return x |> linear(4) as fc
}
`;
const UNFORMATTED = `network   tiny(x: f32[N, 8]) -> f32[N, 4] {
      return x |>   linear(4) as fc
}
`;
const BAD = `network broken(x: f32[N, 8]) -> f32[N, 4] {
  return x |> linear(5) as fc
}
`;

let temp = '';
let bin = '';

function hook(id: string): Hook {
  const found = hooks.find((h) => h.id === id);
  if (!found) throw new Error(`no hook '${id}'`);
  return found;
}

/** The files of `repo` (relative, sorted) that the hook's `files`/`exclude` regexes select. */
function selected(h: Hook, repo: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.relative(repo, path.join(dir, e.name))]));
  return walk(repo)
    .filter((f) => new RegExp(h.files ?? '').test(f) && !(h.exclude !== undefined && new RegExp(h.exclude).test(f)))
    .sort();
}

/** Runs a hook as pre-commit would: passed when the entry exits 0 and leaves every file as it was. */
function runHook(h: Hook, repo: string): { passed: boolean; code: number | null; out: string; files: string[] } {
  const files = selected(h, repo);
  const before = files.map((f) => readFileSync(path.join(repo, f), 'utf8'));
  const [command, ...entryArgs] = h.entry.split(/\s+/);
  const r = spawnSync(command!, [...entryArgs, ...(h.args ?? []), ...files], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, NO_COLOR: '1' },
    timeout: 120_000,
  });
  const changed = files.some((f, i) => readFileSync(path.join(repo, f), 'utf8') !== before[i]);
  return { passed: r.status === 0 && !changed, code: r.status, out: r.stdout + r.stderr, files };
}

describe.skipIf(!built)('.pre-commit-hooks.yaml', () => {
  beforeAll(() => {
    temp = mkdtempSync(path.join(tmpdir(), 'vnet-pre-commit-'));
    // What `language: node` puts on PATH: vnet's bin.
    bin = path.join(temp, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'vnetc'), `#!/bin/sh\nexec "${process.execPath}" "${main}" "$@"\n`);
    chmodSync(path.join(bin, 'vnetc'), 0o755);
  });
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('declares vnetc-check and vnetc-fmt, node hooks on .vnet files', () => {
    expect(hooks.map((h) => h.id)).toEqual(['vnetc-check', 'vnetc-fmt']);
    for (const h of hooks) {
      expect(h.language).toBe('node');
      expect(new RegExp(h.files ?? '').test('models/net.vnet')).toBe(true);
      expect(new RegExp(h.files ?? '').test('models/net.vnet.bak')).toBe(false);
    }
  });

  it('vnetc-check passes on good files and fails on a bad one, naming its place', async () => {
    const repo = await tempTree({ 'models/good.vnet': FORMATTED, 'notes.txt': 'not a network' });
    const good = runHook(hook('vnetc-check'), repo);
    expect(good.files).toEqual(['models/good.vnet']);
    expect(good).toMatchObject({ passed: true, code: 0 });
    writeFileSync(path.join(repo, 'models', 'bad.vnet'), BAD);
    const bad = runHook(hook('vnetc-check'), repo);
    expect(bad).toMatchObject({ passed: false, code: 1 });
    expect(bad.out).toMatch(/^models\/bad\.vnet:2:10: error VN310: 'broken' declares it returns f32\[N, 4\], but returns f32\[N, 5\]/m);
  });

  it('vnetc-fmt rewrites an unformatted file (the hook fails), then passes', async () => {
    const repo = await tempTree({ 'a.vnet': FORMATTED, 'b.vnet': UNFORMATTED });
    const first = runHook(hook('vnetc-fmt'), repo);
    expect(first.passed).toBe(false);
    expect(readFileSync(path.join(repo, 'b.vnet'), 'utf8')).toBe(FORMATTED);
    expect(runHook(hook('vnetc-fmt'), repo)).toMatchObject({ passed: true, code: 0 });
  });
});

/**
 * Vitest global setup: builds dist/ (`tsc -p tsconfig.build.json`) when a source file is newer than
 * dist/cli/main.js, so tests that spawn the real `vnetc` (the language server tests) run today's code.
 * On a fresh clone `npm ci` has already built it and this does nothing.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const SOURCES = ['dsl', 'compiler', 'runtime', 'cli', 'lsp', 'bench'];

function newestSource(dir: string): number {
  let newest = 0;
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  let built = 0;
  try {
    built = statSync(path.join(root, 'dist/cli/main.js')).mtimeMs;
  } catch {
    built = 0;
  }
  const newest = Math.max(...SOURCES.map((d) => newestSource(path.join(root, d))), statSync(path.join(root, 'tsconfig.json')).mtimeMs);
  if (built >= newest) return;
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`test/build-dist.ts: building dist/ failed; tests that run dist/cli/main.js see the old build:\n${result.stdout}${result.stderr}\n`);
  }
}

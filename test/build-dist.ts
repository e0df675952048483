/**
 * Vitest global setup: builds dist/ as `npm run build` does (`tsc -p tsconfig.build.json`, then the
 * browser page bundle) when a source file is newer than dist/cli/main.js, so tests that spawn the real
 * `vnetc` (the language server tests) and copy the page run today's code.
 * On a fresh clone `npm ci` has already built it and this does nothing.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const SOURCES = ['io', 'base', 'dsl', 'compiler', 'contract', 'portable', 'ort', 'streaming', 'runtime', 'serve', 'web', 'cli', 'lsp', 'bench'];

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
  const bundled = result.status === 0 ? spawnSync(process.execPath, ['dist/web/bundle-page.js'], { cwd: root, encoding: 'utf8' }) : result;
  if (bundled.status !== 0) {
    process.stderr.write(`test/build-dist.ts: building dist/ failed; tests that run dist/cli/main.js see the old build:\n${bundled.stdout}${bundled.stderr}\n`);
  }
}

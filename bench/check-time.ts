/**
 * Wall time of `vnetc check` as a user sees it, Node start included: on `examples/` (two warm-up
 * runs, then ten measured ones), and on a 5 MB file that repeats an example until it holds tens of
 * thousands of duplicate-name errors (three runs; the target is at most 5 s).
 * Run after `npm run build`: `node dist/bench/check-time.js`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WARMUPS = 2;
const RUNS = 10;

// dist/bench/check-time.js -> the repository root, two levels up.
const root = fileURLToPath(new URL('../../', import.meta.url));
const vnetc = fileURLToPath(new URL('../cli/main.js', import.meta.url));

function runOnce(target = 'examples/'): { ms: number; status: number | null; stderr: string; stdout: string } {
  const start = performance.now();
  const result = spawnSync(process.execPath, [vnetc, 'check', target], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { ms: performance.now() - start, status: result.status, stderr: result.stderr, stdout: result.stdout };
}

/** examples/lib/resnet.vnet and tsm_resnet50.vnet in one file, repeated to 5 MB: every copy redefines every name. */
function errorHeavyFile(dir: string): string {
  const lib = readFileSync(join(root, 'examples/lib/resnet.vnet'), 'utf8');
  const net = readFileSync(join(root, 'examples/tsm_resnet50.vnet'), 'utf8').replace(/^import .*$/gm, '');
  const unit = `${lib}\n${net}\n`;
  const file = join(dir, 'error-heavy.vnet');
  writeFileSync(file, unit.repeat(Math.ceil((5 * 1024 * 1024) / unit.length)));
  return file;
}

function measureErrorHeavy(): void {
  const dir = mkdtempSync(join(tmpdir(), 'vnet-check-bench-'));
  try {
    const file = errorHeavyFile(dir);
    const runs = Array.from({ length: 3 }, () => runOnce(file));
    const times = runs.map((r) => r.ms).sort((a, b) => a - b);
    const summary = runs[0]?.stdout.trimEnd().split('\n').at(-1) ?? '';
    process.stdout.write(
      `vnetc check on a 5 MB error-heavy file (${summary}): median ${median(times).toFixed(0)} ms (min ${(times[0] ?? 0).toFixed(0)}, max ${(times[2] ?? 0).toFixed(0)}) wall including node start\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function measure(): number {
  if (!existsSync(vnetc)) {
    process.stderr.write(`check-time: ${vnetc} not found; run \`npm run build\` first\n`);
    return 2;
  }
  for (let i = 0; i < WARMUPS; i++) runOnce();
  const runs = Array.from({ length: RUNS }, runOnce);
  const failed = runs.find((r) => r.status === null || r.status === 2);
  if (failed) {
    process.stderr.write(`check-time: vnetc check failed (exit ${String(failed.status)}):\n${failed.stderr}`);
    return 2;
  }
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  const fmt = (ms: number) => ms.toFixed(0);
  const exit = runs[0]?.status ?? 0;
  const note = exit === 0 ? '' : ` [vnetc exit ${exit}: problems reported]`;
  process.stdout.write(
    `vnetc check examples/: median ${fmt(median(times))} ms (min ${fmt(times[0] ?? 0)}, max ${fmt(times[times.length - 1] ?? 0)}) wall including node start${note}\n`,
  );
  measureErrorHeavy();
  return 0;
}

process.exitCode = measure();

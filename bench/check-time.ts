/**
 * Wall time of `vnetc check examples/` as a user sees it, Node start included.
 * Run after `npm run build`: `node dist/bench/check-time.js`. Two warm-up runs
 * (disk cache, compile cache), then ten measured ones.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const WARMUPS = 2;
const RUNS = 10;

// dist/bench/check-time.js -> the repository root, two levels up.
const root = fileURLToPath(new URL('../../', import.meta.url));
const vnetc = fileURLToPath(new URL('../cli/main.js', import.meta.url));

function runOnce(): { ms: number; status: number | null; stderr: string } {
  const start = performance.now();
  const result = spawnSync(process.execPath, [vnetc, 'check', 'examples/'], { cwd: root, encoding: 'utf8' });
  return { ms: performance.now() - start, status: result.status, stderr: result.stderr };
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
  return 0;
}

process.exitCode = measure();

/**
 * Where an online TSM-ResNet50 frame's extra cost goes: onnxruntime's profiler, kernel milliseconds per
 * operator type, for one online frame (-O2 ort-cpu, caches fed as inputs) beside the offline model's
 * 8-frame clip divided by 8 (-O2 ort-cpu, blocked layout). 224x224, batch 1, 2 threads.
 *
 *   npm run build && node dist/bench/online-profile.js [--runs 16]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFile } from '../compiler/compile.js';
import { profileKernels } from './profile-kernels.js';
import { intFlag } from './stats.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function main(): Promise<void> {
  const runs = intFlag('--runs', 16);
  const dir = await mkdtemp(join(tmpdir(), 'vnet-profile-'));
  const file = join(root, 'examples', 'tsm_resnet50_online.vnet');
  try {
    const online = await compileFile(file, { level: 2, target: 'ort-cpu', online: true });
    const offline = await compileFile(file, { level: 2, target: 'ort-cpu' });
    if (!online.bytes || !offline.bytes) throw new Error('did not compile');
    const columns = [
      await profileKernels(online.bytes, { runs, dir, withRun: true }),
      await profileKernels(offline.bytes, { runs: Math.max(2, runs >> 3), dir, per: 8, withRun: true }),
    ];
    const ops = [...new Set(columns.flatMap((c) => [...c.keys()]))].sort((a, b) => (columns[0]?.get(b) ?? 0) - (columns[0]?.get(a) ?? 0));
    const cell = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(2)).padStart(18);
    process.stdout.write(
      `kernel ms per frame (onnxruntime profiler, 2 threads)\n${'op'.padEnd(24)}${'online frame'.padStart(18)}${'offline clip / 8'.padStart(18)}\n`,
    );
    for (const op of ops) process.stdout.write(`${op.padEnd(24)}${columns.map((c) => cell(c.get(op))).join('')}\n`);
    const totals = columns.map((c) => [...c.entries()].filter(([k]) => k !== '(model_run)').reduce((a, [, b]) => a + b, 0));
    process.stdout.write(`${'kernels total'.padEnd(24)}${totals.map((t) => cell(t)).join('')}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

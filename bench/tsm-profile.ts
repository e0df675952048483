/**
 * Where the shift's cost goes: onnxruntime's own profiler, per operator type, for TSN-ResNet50 and
 * TSM-ResNet50 compiled at -O0, and at -O2 for ort-cpu with --cpu-layout plain and blocked (8x224x224,
 * batch 1, 2 threads). This is the micro-benchmark behind fuse-shift-conv's design and the ort-cpu
 * layout: the naive shift pays Split/Concat copies and Reorder nodes (onnxruntime leaves its blocked
 * NCHWc layout around every shift); the fused graph moves only the shifted channel groups (Pad), at the
 * price of more, smaller convs; the plain layout still reorders those groups, the blocked one does not.
 *
 *   npm run build && node dist/bench/tsm-profile.js [--runs 5]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFile, type CpuLayoutChoice } from '../compiler/compile.js';
import type { Target } from '../compiler/emit/lower/context.js';
import type { OptLevel } from '../compiler/passes/pipeline.js';
import { profileKernels } from './profile-kernels.js';
import { intFlag } from './stats.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function main(): Promise<void> {
  const runs = intFlag('--runs', 5);
  const dir = await mkdtemp(join(tmpdir(), 'vnet-profile-'));
  const models: [string, string, OptLevel, Target, CpuLayoutChoice][] = [
    ['tsn -O2', 'tsn_resnet50.vnet', 2, 'ort-cpu', 'blocked'],
    ['tsm -O0', 'tsm_resnet50.vnet', 0, 'portable', 'blocked'],
    ['tsm -O2 plain', 'tsm_resnet50.vnet', 2, 'ort-cpu', 'plain'],
    ['tsm -O2 blocked', 'tsm_resnet50.vnet', 2, 'ort-cpu', 'blocked'],
  ];
  const columns: Map<string, number>[] = [];
  try {
    for (const [, file, level, target, cpuLayout] of models) {
      const result = await compileFile(join(root, 'examples', file), { level, target, cpuLayout });
      if (!result.bytes) throw new Error(`${file} did not compile`);
      columns.push(await profileKernels(result.bytes, { runs, dir }));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const ops = [...new Set(columns.flatMap((c) => [...c.keys()]))].sort((a, b) => (columns[3]?.get(b) ?? 0) - (columns[3]?.get(a) ?? 0));
  const cell = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(1)).padStart(16);
  process.stdout.write(`kernel ms per clip (onnxruntime profiler, ${runs} runs, 2 threads)\n`);
  process.stdout.write(`${'op'.padEnd(20)}${models.map(([label]) => label.padStart(16)).join('')}\n`);
  for (const op of ops) process.stdout.write(`${op.padEnd(20)}${columns.map((c) => cell(c.get(op))).join('')}\n`);
  const totals = columns.map((c) => [...c.values()].reduce((a, b) => a + b, 0));
  process.stdout.write(`${'total'.padEnd(20)}${totals.map((t) => cell(t)).join('')}\n`);
}

await main();

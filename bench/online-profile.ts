/**
 * Where an online TSM-ResNet50 frame's extra cost goes: onnxruntime's profiler, kernel milliseconds per
 * operator type, for one online frame (-O2 ort-cpu, caches fed as inputs) beside the offline model's
 * 8-frame clip divided by 8 (-O2 ort-cpu, blocked layout). 224x224, batch 1, 2 threads.
 *
 *   npm run build && node dist/bench/online-profile.js [--runs 16]
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFile } from '../compiler/compile.js';
import { ort } from '../ort/ort.js';
import { deterministicData, intFlag } from './stats.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface ProfileEvent {
  readonly cat?: string;
  readonly name?: string;
  readonly dur?: number;
  readonly args?: { readonly op_name?: string };
}

/** Kernel ms per operator type per run, divided by `per` (8 for a clip, to compare with a frame). */
async function profile(bytes: Uint8Array, runs: number, per: number, dir: string): Promise<Map<string, number>> {
  const prefix = join(dir, `p${Math.random().toString(36).slice(2)}`);
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: 2,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    enableProfiling: true,
    profileFilePrefix: prefix,
  });
  const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
  for (const m of session.inputMetadata) {
    if (!m.isTensor) continue;
    const dims = m.shape.map((d) => (typeof d === 'number' ? d : 1));
    feeds[m.name] = new ort.Tensor('float32', deterministicData(dims.reduce((a, b) => a * b, 1)), dims);
  }
  for (let i = 0; i < runs; i++) await session.run(feeds);
  session.endProfiling();
  await session.release();
  const file = (await readdir(dir)).map((f) => join(dir, f)).find((f) => f.startsWith(prefix) && f.endsWith('.json'));
  if (!file) throw new Error('onnxruntime wrote no profile');
  const events = JSON.parse(await readFile(file, 'utf8')) as ProfileEvent[];
  const perOp = new Map<string, number>();
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name?.endsWith('_kernel_time')) continue;
    const op = e.args?.op_name ?? '?';
    perOp.set(op, (perOp.get(op) ?? 0) + (e.dur ?? 0) / 1000 / runs / per);
  }
  let session_ms = 0;
  for (const e of events) if (e.cat === 'Session' && e.name === 'model_run') session_ms += (e.dur ?? 0) / 1000 / runs / per;
  perOp.set('(model_run)', session_ms);
  return perOp;
}

async function main(): Promise<void> {
  const runs = intFlag('--runs', 16);
  const dir = await mkdtemp(join(tmpdir(), 'vnet-profile-'));
  const file = join(root, 'examples', 'tsm_resnet50_online.vnet');
  try {
    const online = await compileFile(file, { level: 2, target: 'ort-cpu', online: true });
    const offline = await compileFile(file, { level: 2, target: 'ort-cpu' });
    if (!online.bytes || !offline.bytes) throw new Error('did not compile');
    const columns = [await profile(online.bytes, runs, 1, dir), await profile(offline.bytes, Math.max(2, runs >> 3), 8, dir)];
    const ops = [...new Set(columns.flatMap((c) => [...c.keys()]))].sort((a, b) => (columns[0]?.get(b) ?? 0) - (columns[0]?.get(a) ?? 0));
    const cell = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(2)).padStart(18);
    process.stdout.write(`kernel ms per frame (onnxruntime profiler, 2 threads)\n${'op'.padEnd(24)}${'online frame'.padStart(18)}${'offline clip / 8'.padStart(18)}\n`);
    for (const op of ops) process.stdout.write(`${op.padEnd(24)}${columns.map((c) => cell(c.get(op))).join('')}\n`);
    const totals = columns.map((c) => [...c.entries()].filter(([k]) => k !== '(model_run)').reduce((a, [, b]) => a + b, 0));
    process.stdout.write(`${'kernels total'.padEnd(24)}${totals.map((t) => cell(t)).join('')}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

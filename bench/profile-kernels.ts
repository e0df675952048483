/** onnxruntime's profiler, summed per operator type: what the profile benchmarks print. */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadOrt } from '../ort/ort.js';
import { deterministicData } from './stats.js';

const ort = await loadOrt('to time models');

interface ProfileEvent {
  readonly cat?: string;
  readonly name?: string;
  readonly dur?: number;
  readonly args?: { readonly op_name?: string };
}

export interface ProfileOptions {
  readonly runs: number;
  /** Scratch folder for onnxruntime's profile file. */
  readonly dir: string;
  /** Divide every figure by this (8 for a clip, to compare with one frame); default 1. */
  readonly per?: number;
  /** Also report the whole run (`(model_run)`), not only the kernels. */
  readonly withRun?: boolean;
}

/**
 * Kernel milliseconds per operator type, averaged over `runs` runs of `bytes` on 2 threads; every
 * tensor input gets deterministic data, a symbolic dimension taken as 1.
 */
export async function profileKernels(bytes: Uint8Array, options: ProfileOptions): Promise<Map<string, number>> {
  const { runs, dir } = options;
  const scale = 1000 * runs * (options.per ?? 1);
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
    perOp.set(op, (perOp.get(op) ?? 0) + (e.dur ?? 0) / scale);
  }
  if (options.withRun) {
    const run = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').reduce((sum, e) => sum + (e.dur ?? 0) / scale, 0);
    perOp.set('(model_run)', run);
  }
  return perOp;
}

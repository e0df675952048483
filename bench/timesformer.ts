/**
 * TimeSformer-Base, divided attention, 8x224x224, batch 1, on onnxruntime CPU with 2 threads:
 * vnet `portable`, vnet `ort-cpu`, and the torch.onnx.export of the PyTorch reference (refs/timesformer.py),
 * all with the same weights. Run after `npm run build`: `node dist/bench/timesformer.js [--runs 5]`.
 *
 * The reference export (and its weights, so the three models compute the same function) is made once by
 * refs/export_timesformer.py into $VNET_BENCH_CACHE (default ~/.cache/vnet/bench); without a Python that
 * has torch, that model is skipped and vnet uses seeded weights. Runs alternate between the models, in a
 * rotating order, so that load from other processes spreads over all of them. Reported: wall-clock medians
 * and minima, and the median CPU time of a run (all threads, spinning off), the figure least disturbed by
 * other load on a shared machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOrt, type OrtSession, type OrtSessionOptions, type OrtTensor } from '../ort/ort.js';
import { compileFile } from '../compiler/compile.js';
import type { Target } from '../compiler/emit/lower/context.js';
import { median } from './stats.js';

const ort = await loadOrt('to time models');

const FRAMES = 8;
const SIZE = 224;
const THREADS = 2;
const STEM = `timesformer_divided_space_time_${FRAMES}x${SIZE}`;

// dist/bench/timesformer.js -> the repository root, two levels up.
const root = fileURLToPath(new URL('../../', import.meta.url));
const cache = process.env.VNET_BENCH_CACHE ?? join(homedir(), '.cache', 'vnet', 'bench');

interface Contender {
  readonly label: string;
  readonly session: OrtSession;
  /** Wall-clock ms per run. */
  readonly times: number[];
  /** CPU ms (user + system, all threads) per run: the work done, less disturbed by other processes. */
  readonly cpu: number[];
  logits?: Float32Array;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function runsArg(): number {
  const at = process.argv.indexOf('--runs');
  const n = at >= 0 ? Number(process.argv[at + 1]) : 5;
  return Number.isInteger(n) && n >= 1 ? n : 5;
}

function pythonWithTorch(): string | undefined {
  const candidates = [process.env.VNET_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p);
  return candidates.find((py) => spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
}

/** The cached torch export and its weights; made on first use. Undefined (with a message) when torch is missing. */
function torchReference(): { onnx: string; weights: string; logits: string } | undefined {
  const files = { onnx: join(cache, `${STEM}.onnx`), weights: join(cache, `${STEM}.safetensors`), logits: join(cache, `${STEM}.json`) };
  if (Object.values(files).every(existsSync)) return files;
  const python = pythonWithTorch();
  if (python === undefined) {
    log('torch export: skipped (no python3 with torch; set VNET_PYTHON to one that has it)');
    return undefined;
  }
  log(`torch export: writing ${files.onnx} (once; a few minutes)`);
  const args = [join(root, 'refs', 'export_timesformer.py'), '--out', cache, '--frames', String(FRAMES), '--size', String(SIZE)];
  const done = spawnSync(python, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (done.status !== 0 || !Object.values(files).every(existsSync)) {
    log('torch export: skipped (refs/export_timesformer.py failed)');
    return undefined;
  }
  return files;
}

async function compileVnet(target: Target, weights: string | undefined): Promise<Uint8Array> {
  const source = join(root, 'examples', 'timesformer_base.vnet');
  const options = { target, ...(weights ? { weights } : {}) };
  const compiled = await compileFile(source, options);
  if (compiled.bytes === undefined) throw new Error(`vnet ${target}: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
  return compiled.bytes;
}

async function open(label: string, model: Uint8Array | string): Promise<Contender> {
  const options: OrtSessionOptions = {
    intraOpNumThreads: THREADS,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionProviders: ['cpu'],
    // Idle pool threads sleep instead of spinning, so CPU time counts work and a shared machine stays fair.
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
  const session = typeof model === 'string' ? await ort.InferenceSession.create(model, options) : await ort.InferenceSession.create(model, options);
  return { label, session, times: [], cpu: [] };
}

async function runOnce(c: Contender, clip: OrtTensor): Promise<void> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const out = await c.session.run({ [c.session.inputNames[0] ?? 'clip']: clip });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const first = out[c.session.outputNames[0] ?? ''];
  c.logits = first?.data as Float32Array;
  c.times.push(ms);
  c.cpu.push((used.user + used.system) / 1000);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
}

async function main(): Promise<number> {
  const runs = runsArg();
  const reference = torchReference();
  const contenders: Contender[] = [];
  for (const target of ['portable', 'ort-cpu'] as const) {
    contenders.push(await open(`vnet ${target}`, await compileVnet(target, reference?.weights)));
  }
  if (reference) contenders.push(await open('torch.onnx.export', reference.onnx));

  const n = FRAMES * SIZE * SIZE * 3;
  const clip = new ort.Tensor(
    'float32',
    Float32Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1)),
    [1, 3, FRAMES, SIZE, SIZE],
  );
  for (const c of contenders) {
    await runOnce(c, clip); // warm-up
    c.times.length = 0;
    c.cpu.length = 0;
  }
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < contenders.length; k++) await runOnce(contenders[(r + k) % contenders.length] as Contender, clip);
  }

  log(`TimeSformer-Base divided ${FRAMES}x${SIZE}x${SIZE}, batch 1, onnxruntime ${ort.env.versions.common} CPU, ${THREADS} threads, ${runs} runs each`);
  const torch = contenders.find((c) => c.label === 'torch.onnx.export');
  const want = reference ? (JSON.parse(readFileSync(reference.logits, 'utf8')) as { logits: number[] }).logits : undefined;
  const ms = (v: number): string => `${v.toFixed(0).padStart(6)} ms`;
  for (const c of contenders) {
    const check = want && c.logits ? `  max |logit - PyTorch| ${maxAbsDiff(c.logits, want).toExponential(1)}` : '';
    log(`${c.label.padEnd(18)} wall median ${ms(median(c.times))}  min ${ms(Math.min(...c.times))}  cpu median ${ms(median(c.cpu))}${check}`);
    log(`${''.padEnd(18)} wall runs [${c.times.map((t) => t.toFixed(0)).join(', ')}]`);
  }
  if (torch) {
    for (const c of contenders.filter((x) => x !== torch)) {
      const ratio = (f: (x: Contender) => number): string => `${(f(torch) / f(c)).toFixed(2)}x`;
      log(
        `${c.label} vs torch export: wall median ${ratio((x) => median(x.times))}, wall min ${ratio((x) => Math.min(...x.times))}, cpu median ${ratio((x) => median(x.cpu))} faster`,
      );
    }
  }
  for (const c of contenders) await c.session.release();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`timesformer bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);

/**
 * The shift benchmark (issue 5): median per-clip latency on onnxruntime CPU, 2 threads, batch 1,
 * 8x224x224, for tsn_resnet50, tsm_resnet50 at -O0, tsm_resnet50 at -O2 --target ort-cpu, and the
 * same TSM-ResNet50 written the common PyTorch way (zeros_like + slice assignment) and exported by
 * torch.onnx.export (refs/export_tsm_torch.py; skipped with a message when python3-torch is missing).
 * One process, the same machine, models alternating in a rotating order after a warm-up.
 *
 *   npm run build && node dist/bench/tsm.js [--runs 10] [--threads 2] [--quick] [--inplace]     (or: vnetc bench)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileFile, type CpuLayoutChoice } from '../compiler/compile.js';
import type { Target } from '../compiler/emit/lower/context.js';
import type { OptLevel } from '../compiler/passes/pipeline.js';
import { loadOrt, type OrtSession } from '../ort/ort.js';
import { benchSessionOptions, deterministicData, intFlag, median } from './stats.js';

const ort = await loadOrt('to time models');

export interface TsmBenchOptions {
  readonly runs: number;
  readonly threads: number;
  /** 4 frames of 128x128 instead of 8 of 224 (a smoke test, not the figures). */
  readonly quick: boolean;
  /** Also the in-place placement at -O2 ort-cpu. */
  readonly inplace?: boolean;
}

interface Contender {
  readonly label: string;
  readonly session: OrtSession;
  readonly createMs: number;
  readonly onnxNodes: number;
  readonly irNodes?: string;
  readonly times: number[];
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const cache = process.env.VNET_BENCH_CACHE ?? join(homedir(), '.cache', 'vnet', 'bench');

export async function benchTsm(options: TsmBenchOptions, log: (line: string) => void): Promise<number> {
  const frames = options.quick ? 4 : 8;
  const size = options.quick ? 128 : 224;
  const sets = { T: String(frames), SIZE: String(size) };
  log(`TSM shift benchmark: onnxruntime ${ort.env.versions.common} CPU, ${options.threads} threads, batch 1, ${frames}x${size}x${size}`);
  const contenders: Contender[] = [];
  const add = async (label: string, file: string, level: OptLevel, target: Target, cpuLayout: CpuLayoutChoice = 'blocked') => {
    const c = await compiledContender(label, join(root, 'examples', file), sets, { level, target, cpuLayout }, options.threads);
    if (typeof c === 'string') log(`  ${label}: ${c}`);
    else contenders.push(c);
  };
  await add('tsn_resnet50 -O2 ort-cpu', 'tsn_resnet50.vnet', 2, 'ort-cpu');
  await add('tsm_resnet50 -O0', 'tsm_resnet50.vnet', 0, 'portable');
  // Before/after of the NCHWc layout step (compiler/emit/ort-cpu/nchwc-layout.ts), in the same run.
  await add('tsm_resnet50 -O2 ort-cpu --cpu-layout plain', 'tsm_resnet50.vnet', 2, 'ort-cpu', 'plain');
  await add('tsm_resnet50 -O2 ort-cpu', 'tsm_resnet50.vnet', 2, 'ort-cpu');
  if (options.inplace) await add('tsm_resnet50_inplace -O2 ort-cpu', 'tsm_resnet50_inplace.vnet', 2, 'ort-cpu');
  const torch = await torchContender(frames, size, options.threads, log);
  if (torch) contenders.push(torch);
  if (contenders.length === 0) return 1;

  const clip = new ort.Tensor('float32', deterministicData(frames * 3 * size * size), [1, frames, 3, size, size]);
  for (const c of contenders) for (let i = 0; i < 2; i++) await c.session.run({ [c.session.inputNames[0] as string]: clip });
  for (let r = 0; r < options.runs; r++) {
    // Rotate the order each round so slow moments of a shared machine fall on every model alike.
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(r + k) % contenders.length] as Contender;
      const start = performance.now();
      await c.session.run({ [c.session.inputNames[0] as string]: clip });
      c.times.push(performance.now() - start);
    }
  }
  report(contenders, options.runs, log);
  for (const c of contenders) await c.session.release();
  return 0;
}

async function compiledContender(
  label: string,
  file: string,
  sets: Record<string, string>,
  options: { level: OptLevel; target: Target; cpuLayout: CpuLayoutChoice },
  threads: number,
): Promise<Contender | string> {
  const result = await compileFile(file, { sets, ...options });
  if (!result.bytes || !result.model) return `not compiled: ${result.diagnostics.map((d) => d.message).join('; ')}`;
  const start = performance.now();
  const session = await ort.InferenceSession.create(result.bytes, benchSessionOptions(threads));
  const createMs = performance.now() - start;
  const o = result.optimized;
  return {
    label,
    session,
    createMs,
    onnxNodes: result.model.graph?.node?.length ?? 0,
    ...(o ? { irNodes: `${o.nodesBefore} -> ${o.nodesAfter}` } : {}),
    times: [],
  };
}

async function torchContender(frames: number, size: number, threads: number, log: (line: string) => void): Promise<Contender | undefined> {
  const file = join(cache, `tsm_resnet50_torch_${frames}x${size}.onnx`);
  if (!existsSync(file)) {
    const python = [process.env.VNET_PYTHON, '/usr/bin/python3', 'python3'].find(
      (py) => py && spawnSync(py, ['-c', 'import torch, torchvision'], { stdio: 'ignore' }).status === 0,
    );
    if (!python) {
      log('  torch export: skipped (no python3 with torch and torchvision; on Debian: apt-get install python3-torch python3-torchvision)');
      return undefined;
    }
    await mkdir(cache, { recursive: true });
    log(`  torch export: exporting with ${python} refs/export_tsm_torch.py (once; cached in ${cache})`);
    const made = spawnSync(python, [join(root, 'refs', 'export_tsm_torch.py'), file, '--frames', String(frames), '--size', String(size)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (made.status !== 0) {
      log(`  torch export: skipped (export failed: ${String(made.stderr).trim().split('\n').at(-1)})`);
      return undefined;
    }
  }
  const start = performance.now();
  const session = await ort.InferenceSession.create(file, benchSessionOptions(threads));
  return { label: 'torch.onnx.export (zeros_like + slices)', session, createMs: performance.now() - start, onnxNodes: Number.NaN, times: [] };
}

function report(contenders: readonly Contender[], runs: number, log: (line: string) => void): void {
  const base = median((contenders[0] as Contender).times);
  const torch = contenders.find((c) => c.label.startsWith('torch'));
  const width = Math.max(...contenders.map((c) => c.label.length));
  log(`\n${'model'.padEnd(width)}  median ms  min ms  vs TSN  session ms  ONNX nodes  IR nodes (before -> after passes)`);
  for (const c of contenders) {
    const m = median(c.times);
    log(
      `${c.label.padEnd(width)}  ${m.toFixed(1).padStart(9)}  ${Math.min(...c.times)
        .toFixed(1)
        .padStart(
          6,
        )}  ${(m / base).toFixed(3).padStart(6)}  ${c.createMs.toFixed(0).padStart(10)}  ${(Number.isNaN(c.onnxNodes) ? '-' : String(c.onnxNodes)).padStart(10)}  ${c.irNodes ?? '-'}`,
    );
  }
  const fused = contenders.find((c) => c.label === 'tsm_resnet50 -O2 ort-cpu');
  if (fused && torch) log(`\ntorch export / tsm -O2 ort-cpu: ${(median(torch.times) / median(fused.times)).toFixed(2)}x`);
  log(`(${runs} timed runs each after 2 warm-ups, alternating; per-clip latency)`);
  log('(ONNX nodes: as written; a blocked ort-cpu model is written as onnxruntime runs it, after its own fusions)');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = {
    runs: intFlag('--runs', 10),
    threads: intFlag('--threads', 2),
    quick: process.argv.includes('--quick'),
    inplace: process.argv.includes('--inplace'),
  };
  benchTsm(options, (line) => process.stdout.write(`${line}\n`)).then((code) => {
    process.exitCode = code;
  });
}

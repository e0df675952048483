/**
 * The online TSM benchmark: per-frame latency of the streaming models (compiled with --online, -O2,
 * ort-cpu) against the offline model of the same network on an 8-frame clip, divided by 8; the cache
 * each stream keeps; the copies the runtime makes per step; and the copies left inside the model.
 * onnxruntime CPU, 2 threads, batch 1.
 *
 *   npm run build && node dist/bench/online.js [--frames 20] [--runs 5] [--threads 2] [--quick]
 *
 * Copies per step made by runtime/stream.ts (read from its push()):
 *   - the frame: wrapped in an ort.Tensor over the caller's Float32Array (no copy);
 *   - the caches: the tensors onnxruntime returned for the previous frame are fed back as they are (0 copies);
 *   - the logits: one copy (Float32Array.from), CLASSES floats, plus the moving average.
 * onnxruntime-node itself hands every output (logits and new caches) back in a fresh JS buffer.
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileFile } from '../compiler/compile.js';
import type { IModelProto, IValueInfoProto } from '../compiler/emit/proto.js';
import { ort, type OrtSession } from '../ort/ort.js';
import { openStream } from '../runtime/stream.js';
import { benchSessionOptions, deterministicData, intFlag, median } from './stats.js';

export interface OnlineBenchOptions {
  /** Timed frames per stream (after warm-up). */
  readonly frames: number;
  /** Timed 8-frame clips of the offline model. */
  readonly runs: number;
  readonly threads: number;
  /** 128x128 instead of 224x224 (a smoke test, not the figures). */
  readonly quick: boolean;
}

interface Row {
  readonly network: string;
  readonly onlineMs: number;
  readonly offlinePerFrameMs: number;
  readonly caches: number;
  readonly cacheBytes: number;
  readonly modelCopies: string;
  readonly modelCopiesO0: string;
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const CLIP_FRAMES = 8;
const WARMUP = 3;

/** Copies made by runtime/stream.ts per push (see the header). */
const RUNTIME_COPIES = 'caches 0, frame 0 (1 wrap), logits 1';

export async function benchOnline(options: OnlineBenchOptions, log: (line: string) => void): Promise<number> {
  const size = options.quick ? 128 : 224;
  log(`Online TSM benchmark: onnxruntime ${ort.env.versions.common} CPU, ${options.threads} threads, batch 1, ${size}x${size}, -O2 ort-cpu`);
  const rows: Row[] = [];
  for (const network of ['tsm_mobilenetv2_online', 'tsm_resnet50_online']) {
    const row = await benchNetwork(network, size, options, log);
    if (typeof row === 'string') log(`  ${network}: ${row}`);
    else rows.push(row);
  }
  if (rows.length === 0) return 1;
  report(rows, options, log);
  return 0;
}

async function benchNetwork(network: string, size: number, options: OnlineBenchOptions, log: (line: string) => void): Promise<Row | string> {
  const file = join(root, 'examples', `${network}.vnet`);
  const sets = { T: String(CLIP_FRAMES), SIZE: String(size) };
  const online = await compileFile(file, { sets, level: 2, target: 'ort-cpu', online: true });
  const onlineO0 = await compileFile(file, { sets, level: 0, target: 'ort-cpu', online: true });
  const offline = await compileFile(file, { sets, level: 2, target: 'ort-cpu' });
  if (!online.bytes || !online.model || !offline.bytes || !onlineO0.model) {
    return `not compiled: ${[...online.diagnostics, ...offline.diagnostics].map((d) => d.message).join('; ')}`;
  }
  log(`  ${network}: compiled (online ${online.optimized?.nodesBefore} -> ${online.optimized?.nodesAfter} IR nodes)`);

  const stream = await openStream(online.bytes, { providers: ['cpu'], threads: options.threads });
  const frame = deterministicData(stream.frameShape.reduce((a, b) => a * b, 1), 0);
  const perFrame: number[] = [];
  try {
    for (let i = 0; i < WARMUP + options.frames; i++) {
      const start = performance.now();
      await stream.push(frame);
      if (i >= WARMUP) perFrame.push(performance.now() - start);
    }
  } finally {
    await stream.release();
  }

  const session = await ort.InferenceSession.create(offline.bytes, benchSessionOptions(options.threads));
  const clip = new ort.Tensor('float32', deterministicData(CLIP_FRAMES * 3 * size * size, 1), [1, CLIP_FRAMES, 3, size, size]);
  const perClip: number[] = [];
  try {
    for (let i = 0; i < 1 + options.runs; i++) {
      const start = performance.now();
      await runClip(session, clip);
      if (i >= 1) perClip.push(performance.now() - start);
    }
  } finally {
    await session.release();
  }

  const caches = cacheInputs(online.model, stream.caches.map((c) => c.input));
  return {
    network,
    onlineMs: median(perFrame),
    offlinePerFrameMs: median(perClip) / CLIP_FRAMES,
    caches: caches.length,
    cacheBytes: caches.reduce((sum, v) => sum + 4 * elements(v), 0),
    modelCopies: copiesInModel(online.model),
    modelCopiesO0: copiesInModel(onlineO0.model),
  };
}

async function runClip(session: OrtSession, clip: InstanceType<typeof ort.Tensor>): Promise<void> {
  await session.run({ [session.inputNames[0] as string]: clip });
}

function cacheInputs(model: IModelProto, names: readonly string[]): IValueInfoProto[] {
  return (model.graph?.input ?? []).filter((v) => names.includes(v.name ?? ''));
}

/** Elements of a value with the batch (any symbolic dimension) taken as 1. */
function elements(v: IValueInfoProto): number {
  return (v.type?.tensorType?.shape?.dim ?? []).reduce((n, d) => n * (d.dimParam ? 1 : Number(d.dimValue ?? 1)), 1);
}

/** Identity / Concat / Slice nodes of the ONNX graph: the data copies left inside the model. */
function copiesInModel(model: IModelProto): string {
  const count = (op: string) => (model.graph?.node ?? []).filter((n) => n.opType === op).length;
  return `${count('Identity')}/${count('Concat')}/${count('Slice')}`;
}



function report(rows: readonly Row[], options: OnlineBenchOptions, log: (line: string) => void): void {
  const header = [
    'network',
    'online ms/frame',
    `offline ms/clip ÷ ${CLIP_FRAMES}`,
    'online/offline',
    'caches',
    'cache bytes/stream',
    'runtime copies/step',
    'Identity/Concat/Slice -O2 (-O0)',
  ];
  const cells = rows.map((r) => [
    r.network,
    r.onlineMs.toFixed(1),
    r.offlinePerFrameMs.toFixed(1),
    (r.onlineMs / r.offlinePerFrameMs).toFixed(2),
    String(r.caches),
    `${r.cacheBytes} (${(r.cacheBytes / 1024).toFixed(1)} KiB)`,
    RUNTIME_COPIES,
    `${r.modelCopies} (${r.modelCopiesO0})`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: readonly string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i] as number) : x.padStart(widths[i] as number))).join('  ');
  log(`\n${line(header)}`);
  for (const c of cells) log(line(c));
  log(`(online: median of ${options.frames} frames after ${WARMUP} warm-up; offline: median of ${options.runs} clips after 1 warm-up)`);
}



if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = {
    frames: Math.max(20, intFlag('--frames', 20)),
    runs: intFlag('--runs', 5),
    threads: intFlag('--threads', 2),
    quick: process.argv.includes('--quick'),
  };
  benchOnline(options, (line) => process.stdout.write(`${line}\n`)).then((code) => {
    process.exitCode = code;
  });
}

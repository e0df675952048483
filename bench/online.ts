/**
 * The online TSM benchmark: per-frame latency of the streaming models (compiled with --online, -O2,
 * ort-cpu) against the offline model of the same network on an 8-frame clip, divided by 8; the cache
 * each stream keeps; the copies the runtime makes per step; and the copies left inside the model.
 * onnxruntime CPU, 2 threads, batch 1.
 *
 *   npm run build && node dist/bench/online.js [--frames 8] [--runs 10] [--threads 2] [--quick]
 *
 * Online and offline alternate in one process (rounds of `frames` frames of each online runtime and
 * the offline clips, in reverse order every other round), so the ratio holds on a shared machine; the
 * first run after each switch is not timed. Beside them: the online model in the plain layout (`--cpu-layout plain`: its caches reordered
 * in and out every frame), the offline model compiled for 1-frame clips (what a frame costs when
 * frames are not batched, the floor of any one-frame runtime), and 8 streams run as the rows of one
 * batch (per stream and frame: batched as the offline clip is). Copies per step made by
 * runtime/stream.ts (streaming/core.ts):
 *   - the frame: wrapped in an ort.Tensor over the caller's Float32Array (no copy);
 *   - the caches: two preallocated sets; onnxruntime writes the new caches into the set not being read
 *     (its preallocated outputs), and the sets swap. onnxruntime-node 1.29 still returns a copy of each
 *     output it wrote (a new JS tensor, dropped): one copy per cache per frame inside the binding. The
 *     "fresh caches" column is the runtime without preallocation: onnxruntime allocates every cache output;
 *   - the logits: one copy per stream (a row slice), CLASSES floats, plus the moving average.
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileFile } from '../compiler/compile.js';
import type { IModelProto, IValueInfoProto } from '../compiler/emit/proto.js';
import { loadOrt, type OrtSession } from '../ort/ort.js';
import { openStream } from '../runtime/stream.js';
import { benchSessionOptions, deterministicData, intFlag, median } from './stats.js';

const ort = await loadOrt('to time models');

export interface OnlineBenchOptions {
  /** Timed frames per online runtime in each round. */
  readonly frames: number;
  /** Timed rounds (each runs every side: the online runtimes and the offline clips). */
  readonly runs: number;
  readonly threads: number;
  /** 128x128 instead of 224x224 (a smoke test, not the figures). */
  readonly quick: boolean;
}

interface Row {
  readonly network: string;
  readonly onlineMs: number;
  /** The same model with the runtime allocating new cache outputs every frame (before preallocation). */
  readonly onlineFreshMs: number;
  /** The model compiled with `--cpu-layout plain`: caches reordered in and out of the blocked layout each frame. */
  readonly onlinePlainMs: number;
  readonly offlinePerFrameMs: number;
  /** The offline model compiled for 1-frame clips (T=1): what one frame costs without batching frames. */
  readonly oneFrameClipMs: number;
  /** One push of ROWS streams as the rows of one batch, divided by ROWS. */
  readonly rowsMs: number;
  readonly caches: number;
  readonly cacheBytes: number;
  readonly modelCopies: string;
  readonly modelCopiesO0: string;
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const CLIP_FRAMES = 8;
/** Streams run as the rows of one batch in the rows column. */
const ROWS = 8;

/** Copies made by runtime/stream.ts per push (see the header). */
const RUNTIME_COPIES = 'caches written in place (+1 copy returned by onnxruntime-node, dropped), frame 0 (1 wrap), logits 1';

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
  const onlinePlain = await compileFile(file, { sets, level: 2, target: 'ort-cpu', online: true, cpuLayout: 'plain' });
  const onlineO0 = await compileFile(file, { sets, level: 0, target: 'ort-cpu', online: true });
  const offline = await compileFile(file, { sets, level: 2, target: 'ort-cpu' });
  const offlineOneFrame = await compileFile(file, { sets: { ...sets, T: '1' }, level: 2, target: 'ort-cpu' });
  if (!online.bytes || !online.model || !offline.bytes || !onlineO0.model || !offlineOneFrame.bytes || !onlinePlain.bytes) {
    return `not compiled: ${[...online.diagnostics, ...offline.diagnostics].map((d) => d.message).join('; ')}`;
  }
  log(`  ${network}: compiled (online ${online.optimized?.nodesBefore} -> ${online.optimized?.nodesAfter} IR nodes)`);

  // Alternating in one process: each round runs every side, so load from other processes falls on all
  // sides alike. The first run after a switch is slower (the other session's threads are still spinning,
  // its caches are cold) and is not timed, for any side: each is timed as it runs in use, back to back.
  const fresh = await openStream(online.bytes, { providers: ['cpu'], threads: options.threads, preallocate: false });
  const stream = await openStream(online.bytes, { providers: ['cpu'], threads: options.threads });
  const plain = await openStream(onlinePlain.bytes, { providers: ['cpu'], threads: options.threads });
  const rows = await openStream(online.bytes, { providers: ['cpu'], threads: options.threads, streams: ROWS });
  const session = await ort.InferenceSession.create(offline.bytes, benchSessionOptions(options.threads));
  const single = await ort.InferenceSession.create(offlineOneFrame.bytes, benchSessionOptions(options.threads));
  const frame = deterministicData(
    stream.frameShape.reduce((a, b) => a * b, 1),
    0,
  );
  const clip = new ort.Tensor('float32', deterministicData(CLIP_FRAMES * 3 * size * size, 1), [1, CLIP_FRAMES, 3, size, size]);
  const oneFrameClip = new ort.Tensor('float32', frame, [1, 1, 3, size, size]);
  const rowFrames = deterministicData(ROWS * frame.length, 2);
  const perFrame: number[] = [];
  const perFrameFresh: number[] = [];
  const perFramePlain: number[] = [];
  const perClip: number[] = [];
  const perOneFrameClip: number[] = [];
  const perRows: number[] = [];
  const timed = async (times: number[] | undefined, run: () => Promise<unknown>) => {
    const start = performance.now();
    await run();
    times?.push(performance.now() - start);
  };
  try {
    // Each side: one untimed run, then its timed runs. Every other round runs the sides in reverse
    // order, so no side always follows the same one.
    const sides: { run: () => Promise<unknown>; times: number[]; count: number }[] = [
      { run: () => fresh.push(frame), times: perFrameFresh, count: options.frames },
      { run: () => stream.push(frame), times: perFrame, count: options.frames },
      { run: () => plain.push(frame), times: perFramePlain, count: options.frames },
      { run: () => runClip(session, clip), times: perClip, count: 1 },
      { run: () => runClip(single, oneFrameClip), times: perOneFrameClip, count: options.frames },
      { run: () => rows.push(rowFrames), times: perRows, count: 2 },
    ];
    for (let round = 0; round < 1 + options.runs; round++) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        await side.run();
        for (let i = 0; i < side.count; i++) await timed(round > 0 ? side.times : undefined, side.run);
      }
    }
  } finally {
    await fresh.release();
    await stream.release();
    await plain.release();
    await rows.release();
    await session.release();
    await single.release();
  }

  const caches = cacheInputs(
    online.model,
    stream.caches.map((c) => c.input),
  );
  return {
    network,
    onlineMs: median(perFrame),
    onlineFreshMs: median(perFrameFresh),
    onlinePlainMs: median(perFramePlain),
    offlinePerFrameMs: median(perClip) / CLIP_FRAMES,
    oneFrameClipMs: median(perOneFrameClip),
    rowsMs: median(perRows) / ROWS,
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
    'offline T=1 clip: ms, ratio',
    'plain layout: ms, ratio',
    `${ROWS} streams as rows: ms/frame, ratio`,
    'fresh caches: ms, ratio',
    'caches',
    'cache bytes/stream',
    'runtime copies/step',
    'Identity/Concat/Slice -O2 (-O0)',
  ];
  const cells = rows.map((r) => [
    r.network,
    r.onlineMs.toFixed(1),
    r.offlinePerFrameMs.toFixed(1),
    (r.onlineMs / r.offlinePerFrameMs).toFixed(3),
    `${r.oneFrameClipMs.toFixed(1)}, ${(r.oneFrameClipMs / r.offlinePerFrameMs).toFixed(3)}`,
    `${r.onlinePlainMs.toFixed(1)}, ${(r.onlinePlainMs / r.offlinePerFrameMs).toFixed(3)}`,
    `${r.rowsMs.toFixed(1)}, ${(r.rowsMs / r.offlinePerFrameMs).toFixed(3)}`,
    `${r.onlineFreshMs.toFixed(1)}, ${(r.onlineFreshMs / r.offlinePerFrameMs).toFixed(3)}`,
    String(r.caches),
    `${r.cacheBytes} (${(r.cacheBytes / 1024).toFixed(1)} KiB)`,
    RUNTIME_COPIES,
    `${r.modelCopies} (${r.modelCopiesO0})`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: readonly string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i] as number) : x.padStart(widths[i] as number))).join('  ');
  log(`\n${line(header)}`);
  for (const c of cells) log(line(c));
  log(
    `(${options.runs} rounds after a warm-up one, each: ${options.frames} frames with fresh cache outputs, ${options.frames} with preallocated ones, ${options.frames} in the plain layout, one offline ${CLIP_FRAMES}-frame clip, ${options.frames} offline 1-frame clips, 2 pushes of ${ROWS} streams as rows; each after one untimed run, in reverse order every other round; medians)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = {
    frames: intFlag('--frames', 8),
    runs: intFlag('--runs', 10),
    threads: intFlag('--threads', 2),
    quick: process.argv.includes('--quick'),
  };
  benchOnline(options, (line) => process.stdout.write(`${line}\n`)).then((code) => {
    process.exitCode = code;
  });
}

/**
 * The int8 figures (issue 24), each measured in one process, the sides alternating:
 * 1. speed: TSM-ResNet50 int8 against fp32 -O2 --target ort-cpu, and int8 TSM against int8 TSN
 *    (onnxruntime CPU, 2 threads, batch 1, 8x224x224), and both int8 models again with symmetric weights
 *    (zero point 0) for the weight zero point chosen on this CPU; the order of the six rotates every round;
 * 2. drift with random weights: int8 TSM-ResNet50 against fp32 on held-out clips (cosine, top-1);
 * 3. drift on a trained model: the moving-square task (data/motion, refs/train_motion.py), TSM and TSN,
 *    fp32 and int8 accuracy on 1000 held-out clips;
 * 4. the page: int8 tsm_mobilenetv2_online against fp32 in the same headless Chromium (onnxruntime-web
 *    wasm), pages alternating, median per frame (when Chromium is present);
 * 5. fp16: --precision fp16 models against fp32 on onnxruntime CPU (cosine of the logits on held-out clips:
 *    TSM-ResNet50 for ort-cuda, TimeSformer for the page's WebGPU), and the CPU time ratio (fp16 is for GPUs:
 *    onnxruntime CPU has no float16 convolution and casts around its float32 kernels).
 *
 *   npm run bench:int8 [-- --runs 20] [--threads 2] [--only speed|drift|motion|web|fp16] [--quick]
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileFile, type CompileFileOptions } from '../compiler/compile.js';
import type { ClipSet } from '../compiler/quantize/clips.js';
import { int8WeightZeroPoint } from '../ort/int8-weight-zero-point.js';
import { loadOrt, type OrtSession } from '../ort/ort.js';
import { formatNpy } from '../runtime/npy.js';
import { serveSite } from '../web/site/serve.js';
import { writeSite } from '../web/site/write-site.js';
import { motionBatch } from './motion-clips.js';
import { benchSessionOptions, intFlag, median } from './stats.js';
import { pageLatencies } from './web-page.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
type Log = (line: string) => void;

/** Deterministic clips of roughly unit-normal values (a sum of uniforms), `seed` picks the clip. */
function normalClip(dims: readonly number[], seed: number): Float32Array {
  const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
  let s = (seed * 2654435761) >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = 0; i < data.length; i++) data[i] = (next() + next() + next() - 1.5) * 2;
  return data;
}

function clipSet(dims: readonly number[], seeds: readonly number[]): ClipSet {
  return { names: seeds.map((s) => `clip${s}`), clips: seeds.map((s) => ({ data: normalClip(dims, s), dims })) };
}

async function compiled(file: string, options: CompileFileOptions, clips?: ClipSet, weightZeroPoint?: 0 | -1): Promise<Uint8Array> {
  const zeroPoint = weightZeroPoint === undefined ? {} : { weightZeroPoint };
  const calibrate = { load: async () => clips as ClipSet, source: 'bench', method: 'percentile' as const, keepFloat: [], ...zeroPoint };
  const result = await compileFile(join(root, file), { ...options, ...(clips ? { precision: 'int8' as const, calibrate } : {}) });
  if (!result.bytes) throw new Error(`${file}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  return result.bytes;
}

interface Contender {
  readonly label: string;
  readonly session: OrtSession;
  readonly times: number[];
}

async function speed(runs: number, threads: number, quick: boolean, log: Log): Promise<Contender[]> {
  const ort = await loadOrt();
  const T = quick ? 4 : 8;
  const S = quick ? 128 : 224;
  const sets = { T: String(T), SIZE: String(S) };
  const dims = [1, T, 3, S, S];
  const calibration = clipSet(dims, [1, 2, 3, 4]);
  log(`1. speed: onnxruntime ${ort.env.versions.common} CPU, ${threads} threads, batch 1, ${T}x${S}x${S}; int8 calibrated on 4 clips (percentile)`);
  const zeroPoint = await int8WeightZeroPoint();
  // The last two: int8 with symmetric weights (zero point 0), as before the weight zero point was chosen per CPU.
  const models: [string, string, CompileFileOptions, ClipSet | undefined, (0 | -1)?][] = [
    ['tsm_resnet50 fp32 -O2 ort-cpu', 'examples/tsm_resnet50.vnet', { sets, target: 'ort-cpu' }, undefined],
    ['tsn_resnet50 fp32 -O2 ort-cpu', 'examples/tsn_resnet50.vnet', { sets, target: 'ort-cpu' }, undefined],
    [`tsm_resnet50 int8 (w zp ${zeroPoint})`, 'examples/tsm_resnet50.vnet', { sets, target: 'ort-cpu' }, calibration],
    [`tsn_resnet50 int8 (w zp ${zeroPoint})`, 'examples/tsn_resnet50.vnet', { sets, target: 'ort-cpu' }, calibration],
    ['tsm_resnet50 int8 (w zp 0)', 'examples/tsm_resnet50.vnet', { sets, target: 'ort-cpu' }, calibration, 0],
    ['tsn_resnet50 int8 (w zp 0)', 'examples/tsn_resnet50.vnet', { sets, target: 'ort-cpu' }, calibration, 0],
  ];
  log(`   int8 weight zero point chosen for this CPU (ort/int8-weight-zero-point.ts): ${zeroPoint}`);
  const contenders: Contender[] = [];
  for (const [label, file, options, clips, weightZeroPoint] of models) {
    const bytes = await compiled(file, options, clips, weightZeroPoint);
    contenders.push({ label, session: await ort.InferenceSession.create(bytes, benchSessionOptions(threads)), times: [] });
  }
  const feed = { clip: new ort.Tensor('float32', normalClip(dims, 99), dims) };
  for (const c of contenders) for (let i = 0; i < 2; i++) await c.session.run(feed);
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(r + k) % contenders.length] as Contender;
      const start = performance.now();
      await c.session.run(feed);
      c.times.push(performance.now() - start);
    }
  }
  for (const c of contenders)
    log(
      `   ${c.label.padEnd(30)} median ${median(c.times).toFixed(1).padStart(7)} ms   min ${Math.min(...c.times)
        .toFixed(1)
        .padStart(7)} ms`,
    );
  const [tsm32, tsn32, tsm8, tsn8, tsmSym, tsnSym] = contenders.map((c) => median(c.times)) as [number, number, number, number, number, number];
  log(`   fp32 / int8, TSM: ${(tsm32 / tsm8).toFixed(2)}x (target >= 2.5x, must >= 2.3x); TSN: ${(tsn32 / tsn8).toFixed(2)}x`);
  log(`   int8 TSM / int8 TSN: ${(tsm8 / tsn8).toFixed(3)} (target <= 1.03, must <= 1.05); fp32 TSM / TSN: ${(tsm32 / tsn32).toFixed(3)}`);
  log(
    `   symmetric weights (zero point 0): fp32 / int8 TSM ${(tsm32 / tsmSym).toFixed(2)}x, TSN ${(tsn32 / tsnSym).toFixed(2)}x; int8 TSM / TSN ${(tsmSym / tsnSym).toFixed(3)}`,
  );
  log(`   (${runs} rounds after 2 warm-ups, the models in a rotating order each round)`);
  return contenders;
}

async function randomDrift(contenders: readonly Contender[], quick: boolean, log: Log): Promise<void> {
  const ort = await loadOrt();
  const T = quick ? 4 : 8;
  const S = quick ? 128 : 224;
  const [fp32, int8] = [contenders[0], contenders[2]];
  if (!fp32 || !int8) return;
  const held = [101, 102, 103, 104, 105, 106, 107, 108];
  let worst = 1;
  let same = 0;
  const clipCos: number[] = [];
  let reference: Float32Array | undefined;
  for (const seed of held) {
    const feed = { clip: new ort.Tensor('float32', normalClip([1, T, 3, S, S], seed), [1, T, 3, S, S]) };
    const a = (await fp32.session.run(feed))['output']?.data as Float32Array;
    const b = (await int8.session.run(feed))['output']?.data as Float32Array;
    worst = Math.min(worst, cosine(a, b));
    if (argmax(a) === argmax(b)) same++;
    if (reference) clipCos.push(cosine(reference, a));
    reference ??= a;
  }
  log(
    `2. drift, random-weight TSM-ResNet50 on ${held.length} held-out clips: cosine int8/fp32 >= ${worst.toFixed(5)} (target >= 0.999), same top-1 on ${same}/${held.length}`,
  );
  log(`   (the fp32 logits of different clips have cosine ${Math.min(...clipCos).toFixed(4)} or more: random weights tell little; see 3.)`);
}

async function motion(log: Log): Promise<void> {
  const ort = await loadOrt();
  const weights = (net: string) => join(root, 'data', 'motion', `${net}_motion.pth`);
  if (!existsSync(weights('tsm')) || !existsSync(weights('tsn'))) return log('3. trained model: data/motion/*.pth missing (refs/train_motion.py makes them)');
  const calibration = motionBatch(3, 32);
  const clips: ClipSet = {
    names: calibration.labels.map((_, i) => `set3/${i}`),
    clips: calibration.labels.map((_, i) => ({ data: calibration.data.subarray(i * 24576, (i + 1) * 24576), dims: [1, 8, 3, 32, 32] })),
  };
  const held = 1000;
  log(`3. drift on a trained model: the moving-square task, ${held} held-out clips (set 2); int8 calibrated on 32 clips of set 3`);
  const accuracy: Record<string, number> = {};
  for (const net of ['tsm', 'tsn']) {
    for (const precision of ['fp32', 'int8']) {
      const options = { network: `${net}_motion`, weights: weights(net), target: 'ort-cpu' as const };
      const bytes = await compiled('data/motion/motion.vnet', options, precision === 'int8' ? clips : undefined);
      const session = await ort.InferenceSession.create(bytes, benchSessionOptions(2));
      let right = 0;
      for (let first = 0; first < held; first += 50) {
        const batch = motionBatch(2, 50, first);
        const y = (await session.run({ clip: new ort.Tensor('float32', batch.data, batch.dims) }))['output']?.data as Float32Array;
        batch.labels.forEach((label, i) => (right += argmax(y.subarray(i * 8, (i + 1) * 8)) === label ? 1 : 0));
      }
      await session.release();
      accuracy[`${net} ${precision}`] = (100 * right) / held;
      log(`   ${net.toUpperCase()} ${precision}: ${accuracy[`${net} ${precision}`]?.toFixed(1)}%`);
    }
  }
  const delta = (net: string) => ((accuracy[`${net} int8`] ?? 0) - (accuracy[`${net} fp32`] ?? 0)).toFixed(1);
  log(
    `   int8 - fp32: TSM ${delta('tsm')} points, TSN ${delta('tsn')} points (target: within 0.5); TSM - TSN (fp32): ${((accuracy['tsm fp32'] ?? 0) - (accuracy['tsn fp32'] ?? 0)).toFixed(1)} points (chance: 12.5%)`,
  );
}

async function web(rounds: number, frames: number, log: Log): Promise<void> {
  const chromium = process.env.VNET_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) return log(`4. the page: no Chromium at ${chromium} (apt-get install chromium, or set VNET_CHROMIUM)`);
  const options: CompileFileOptions = { online: true, target: 'web' };
  const calibration = clipSet([1, 8, 3, 224, 224], [1, 2]);
  // The third model is int8 as compiled for CPUs outside a browser: its depthwise convolutions too run on uint8.
  const models = [
    { label: 'fp32', bytes: await compiled('examples/tsm_mobilenetv2_online.vnet', options) },
    { label: 'int8', bytes: await compiled('examples/tsm_mobilenetv2_online.vnet', options, calibration) },
    { label: 'int8, depthwise uint8', bytes: await compiled('examples/tsm_mobilenetv2_online.vnet', { online: true, target: 'portable' }, calibration) },
  ];
  // One folder per site, and one for the clip (the server serves only the files a site lists).
  const dirs = [...models, 'clip'].map(() => mkdtempSync(join(tmpdir(), 'vnet-bench-int8-')));
  const size = 3 * 224 * 224;
  const clip = join(dirs[models.length] as string, 'clip.npy');
  writeFileSync(clip, formatNpy({ type: 'float32', dims: [frames, 3, 224, 224], data: normalClip([frames * size], 7) }));
  const sites = [];
  try {
    for (const [i, m] of models.entries()) {
      const dir = dirs[i] as string;
      await writeSite({ model: m.bytes, shown: `tsm_mobilenetv2_online ${m.label}`, outDir: dir, clips: [clip] });
      sites.push(await serveSite(dir, 0));
    }
    const { default: puppeteer } = await import('puppeteer-core');
    const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    const medians: number[][] = models.map(() => []);
    try {
      for (let r = 0; r < rounds; r++) {
        for (let k = 0; k < models.length; k++) {
          const i = (r + k) % models.length;
          const run = await pageLatencies(browser, `${sites[i]?.url}index.html?clip=clip.npy`);
          medians[i]?.push(median(run.times.slice(1)));
        }
      }
    } finally {
      await browser.close();
    }
    const [fp32, int8, allUint8] = medians.map((m) => median(m)) as [number, number, number];
    log(
      `4. the page: tsm_mobilenetv2_online 224x224, headless Chromium (onnxruntime-web wasm), ${rounds} pages each, alternating, ${frames - 1} frames after the first`,
    );
    log(`   median per frame: fp32 ${fp32.toFixed(1)} ms, int8 ${int8.toFixed(1)} ms: int8 / fp32 ${(int8 / fp32).toFixed(2)}x (aim <= 0.6x)`);
    log(`   int8 with its depthwise convolutions on uint8 too (as for CPUs): ${allUint8.toFixed(1)} ms, ${(allUint8 / fp32).toFixed(2)}x`);
    log(`   (per page: ${models.map((m, i) => `${m.label} ${medians[i]?.map((t) => t.toFixed(1)).join(', ')}`).join('; ')} ms)`);
  } finally {
    for (const s of sites) await s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

async function fp16(runs: number, threads: number, quick: boolean, log: Log): Promise<void> {
  const ort = await loadOrt();
  const sizes = quick ? { T: '4', SIZE: '128' } : { T: '8', SIZE: '224' };
  const motionNet = join(root, 'data', 'motion', 'tsm_motion.pth');
  // Clips of the held-out set 2, the seed picking the clip.
  const motionClip = (seed: number) => motionBatch(2, 1, seed).data;
  type Fp16Case = [string, string, CompileFileOptions, number[], ((seed: number) => Float32Array)?];
  const trained: Fp16Case = [
    'trained tsm_motion (ort-cuda)',
    'data/motion/motion.vnet',
    { target: 'ort-cuda', network: 'tsm_motion', weights: motionNet },
    [1, 8, 3, 32, 32],
    motionClip,
  ];
  const models: Fp16Case[] = [
    [
      'tsm_resnet50 (ort-cuda)',
      'examples/tsm_resnet50.vnet',
      { target: 'ort-cuda', sets: sizes },
      [1, Number(sizes.T), 3, Number(sizes.SIZE), Number(sizes.SIZE)],
    ],
    ['timesformer_space_small (web)', 'examples/timesformer_space_small.vnet', { target: 'web' }, [1, 3, 8, 224, 224]],
    ...(existsSync(motionNet) ? [trained] : []),
  ];
  log(
    `5. fp16 against fp32 on onnxruntime ${ort.env.versions.common} CPU, ${threads} threads, 4 held-out clips each (random-weight models: the cosine says little, see 2.); ${runs} rounds alternating for the time (no GPU here: the CUDA ratio needs one)`,
  );
  for (const [label, file, options, dims, clip] of models) {
    const sides = [];
    for (const precision of ['fp32', 'fp16'] as const) {
      const bytes = await compiled(file, precision === 'fp16' ? { ...options, precision } : options);
      sides.push(await ort.InferenceSession.create(bytes, benchSessionOptions(threads)));
    }
    const [a, b] = sides as [OrtSession, OrtSession];
    let worst = 1;
    let same = 0;
    for (const seed of [201, 202, 203, 204]) {
      const feed = { clip: new ort.Tensor('float32', clip ? clip(seed) : normalClip(dims, seed), dims) };
      const [x, y] = [(await a.run(feed))['output']?.data as Float32Array, (await b.run(feed))['output']?.data as Float32Array];
      worst = Math.min(worst, cosine(x, y));
      if (argmax(x) === argmax(y)) same++;
    }
    const feed = { clip: new ort.Tensor('float32', normalClip(dims, 99), dims) };
    const times: number[][] = [[], []];
    for (let r = 0; r < runs; r++) {
      for (let k = 0; k < 2; k++) {
        const i = (r + k) % 2;
        const start = performance.now();
        await (sides[i] as OrtSession).run(feed);
        times[i]?.push(performance.now() - start);
      }
    }
    const [t32, t16] = times.map((t) => median(t)) as [number, number];
    log(
      `   ${label.padEnd(30)} cosine fp16/fp32 >= ${worst.toFixed(5)} (target >= 0.999), same top-1 on ${same}/4; CPU time fp16 / fp32 ${(t16 / t32).toFixed(2)}x (${t16.toFixed(1)} / ${t32.toFixed(1)} ms)`,
    );
    for (const side of sides) await side.release();
  }
}

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] as number) * (b[i] as number);
    aa += (a[i] as number) ** 2;
    bb += (b[i] as number) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

function argmax(y: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < y.length; i++) if ((y[i] as number) > (y[best] as number)) best = i;
  return best;
}

export async function benchInt8(options: { runs: number; threads: number; only?: string; quick: boolean }, log: Log): Promise<number> {
  const want = (part: string) => options.only === undefined || options.only === part;
  if (want('speed') || want('drift')) {
    const contenders = await speed(options.runs, options.threads, options.quick, log);
    if (want('drift')) await randomDrift(contenders, options.quick, log);
    for (const c of contenders) await c.session.release();
  }
  if (want('motion')) await motion(log);
  if (want('web')) await web(options.quick ? 2 : 4, options.quick ? 10 : 40, log);
  if (want('fp16')) await fp16(options.quick ? 3 : 6, options.threads, options.quick, log);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--only');
  const only = at >= 0 ? process.argv[at + 1] : undefined;
  benchInt8({ runs: intFlag('--runs', 20), threads: intFlag('--threads', 2), quick: process.argv.includes('--quick'), ...(only ? { only } : {}) }, (line) =>
    process.stdout.write(`${line}\n`),
  ).then((code) => {
    process.exitCode = code;
  });
}

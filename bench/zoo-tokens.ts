/**
 * The token examples (VideoMAE ViT-S/16, ViViT-B factorised encoder) on onnxruntime CPU, batch 1: vnet
 * (`ort-cpu` and `portable`) against torch.onnx.export of the PyTorch reference (refs/zoo/<example>.py --export),
 * same weights (the reference's state_dict loaded unchanged), same onnxruntime, runs alternating in one process
 * in a rotating order. Prints medians and the ratio torch / vnet (> 1: vnet faster), and checks every model's
 * logits against PyTorch's. Run: `npm run bench:zoo-tokens [-- --runs 5 --only videomae_vit_s16 --frames 16 --size 224]`.
 * The reference output is made once into $VNET_BENCH_CACHE/zoo-tokens (default ~/.cache/vnet/bench).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFile } from '../compiler/compile.js';
import type { Target } from '../compiler/emit/lower/context.js';
import { loadOrt, type OrtSession, type OrtTensor } from '../ort/ort.js';
import { parseNpy } from '../runtime/npy.js';
import { benchSessionOptions, intFlag, median } from './stats.js';

const THREADS = 2;
const root = fileURLToPath(new URL('../../', import.meta.url));
const cache = join(process.env.VNET_BENCH_CACHE ?? join(homedir(), '.cache', 'vnet', 'bench'), 'zoo-tokens');

interface Example {
  readonly name: string;
  readonly variant: string;
  readonly frames: number;
  readonly size: number;
}

const EXAMPLES: readonly Example[] = [
  { name: 'videomae_vit_s16', variant: 's16', frames: 16, size: 224 },
  { name: 'vivit_fe', variant: 'b', frames: 32, size: 224 },
];

interface Contender {
  readonly label: string;
  readonly session: OrtSession;
  readonly times: number[];
  logits?: Float32Array;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function stringFlag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function npy(file: string): { dims: number[]; data: Float32Array } {
  const parsed = parseNpy(new Uint8Array(readFileSync(file)));
  if (!parsed.ok || parsed.value.type !== 'float32') throw new Error(`${file}: not a float32 .npy`);
  return { dims: [...parsed.value.dims], data: parsed.value.data as Float32Array };
}

/** The reference's folder (state_dict.pth, clip.npy, logits.npy, meta.json, model.onnx), made on first use. */
function reference(e: Example): string {
  const dir = join(cache, `${e.name}_${e.variant}_${e.frames}x${e.size}`);
  if (existsSync(join(dir, 'model.onnx'))) return dir;
  log(`${e.name}: running refs/zoo/${e.name}.py --export (once)`);
  const args = [
    join(root, 'refs', 'zoo', `${e.name}.py`),
    '--out',
    dir,
    '--variant',
    e.variant,
    '--frames',
    String(e.frames),
    '--size',
    String(e.size),
    '--export',
  ];
  const done = spawnSync('/usr/bin/python3', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (done.status !== 0) throw new Error(`refs/zoo/${e.name}.py failed`);
  return dir;
}

async function open(label: string, model: Uint8Array | string): Promise<Contender> {
  // Idle pool threads sleep instead of spinning, so a shared machine stays fair to every contender.
  const options = { ...benchSessionOptions(THREADS), executionProviders: ['cpu'], extra: { session: { intra_op: { allow_spinning: '0' } } } };
  const ort = await loadOrt();
  const session = typeof model === 'string' ? await ort.InferenceSession.create(model, options) : await ort.InferenceSession.create(model, options);
  return { label, session, times: [] };
}

async function runOnce(c: Contender, clip: OrtTensor): Promise<void> {
  const start = performance.now();
  const out = await c.session.run({ [c.session.inputNames[0] ?? 'clip']: clip });
  c.times.push(performance.now() - start);
  c.logits = out[c.session.outputNames[0] ?? '']?.data as Float32Array;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) m = Math.max(m, Math.abs((a[i] ?? Number.NaN) - (b[i] ?? Number.NaN)));
  return m;
}

async function bench(e: Example, runs: number): Promise<void> {
  const dir = reference(e);
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { set: Record<string, string | number> };
  const sets = Object.fromEntries(Object.entries(meta.set).map(([k, v]) => [k, String(v)]));
  const contenders: Contender[] = [];
  for (const target of ['ort-cpu', 'portable'] as Target[]) {
    const compiled = await compileFile(join(root, 'examples', `${e.name}.vnet`), { target, sets, weights: join(dir, 'state_dict.pth') });
    if (!compiled.bytes) throw new Error(`vnet ${target}: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
    contenders.push(await open(`vnet ${target}`, compiled.bytes));
  }
  const torch = await open('torch.onnx.export', join(dir, 'model.onnx'));
  contenders.push(torch);
  const input = npy(join(dir, 'clip.npy'));
  const want = npy(join(dir, 'logits.npy')).data;
  const ort = await loadOrt();
  const clip = new ort.Tensor('float32', input.data, input.dims);
  for (const c of contenders) {
    await runOnce(c, clip); // warm-up
    c.times.length = 0;
  }
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < contenders.length; k++) await runOnce(contenders[(r + k) % contenders.length] as Contender, clip);
  }
  log(`${e.name} (${e.variant}) ${e.frames}x${e.size}x${e.size}, batch 1, onnxruntime ${ort.env.versions.common} CPU, ${THREADS} threads, ${runs} runs each`);
  for (const c of contenders) {
    const diff = c.logits ? maxAbsDiff(c.logits, want).toExponential(1) : '?';
    log(
      `  ${c.label.padEnd(18)} median ${median(c.times).toFixed(0).padStart(6)} ms  min ${Math.min(...c.times)
        .toFixed(0)
        .padStart(6)} ms  max |logit - PyTorch| ${diff}`,
    );
  }
  for (const c of contenders.filter((x) => x !== torch)) {
    log(
      `  ${c.label} vs torch export: ${(median(torch.times) / median(c.times)).toFixed(2)}x (median), ${(Math.min(...torch.times) / Math.min(...c.times)).toFixed(2)}x (min)`,
    );
  }
  for (const c of contenders) await c.session.release();
}

async function main(): Promise<number> {
  const runs = intFlag('--runs', 5);
  const only = stringFlag('--only');
  for (const e of EXAMPLES.filter((x) => only === undefined || x.name === only)) {
    await bench({ ...e, frames: intFlag('--frames', e.frames), size: intFlag('--size', e.size) }, runs);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`zoo-tokens bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);

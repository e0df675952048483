/**
 * The video zoo on onnxruntime CPU: for each example (examples/<name>.vnet with its PyTorch reference
 * refs/zoo/<name>.py), vnet's model (`--target ort-cpu`, the reference's own weights) against
 * torch.onnx.export of the reference module, both in this process's onnxruntime with the same session
 * options, runs alternating (every other round in reverse order), on the reference's random clip.
 * Prints median (and minimum) milliseconds and their ratios (torch export / vnet: above 1, vnet is faster), and the
 * largest difference of the two outputs. An example whose .vnet or reference does not exist yet is
 * skipped, saying so.
 *
 *   npm run bench:zoo [-- --runs 5 --threads 2 --only x3d_s,s3d --quick]
 *
 * Full configurations by default (each reference's defaults); --quick runs small clips (a smoke test).
 * Absolute times vary 2-3x between machines and with load: only the ratio means something.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFile } from '../compiler/compile.js';
import { loadOrt, type OrtSession, type OrtTensor } from '../ort/ort.js';
import { benchSessionOptions, intFlag, median } from './stats.js';
import { type NpyTensor, type ReferenceRun, ZOO_EXAMPLES, exampleFile, runReference, setList, whyMissing, whyNoTorch } from './zoo-reference.js';

// dist/bench/zoo.js -> the repository root, two levels up.
const root = fileURLToPath(new URL('../../', import.meta.url));
const ort = await loadOrt();

/** Small clips for --quick, per example (frames, size), as the equality tests use. */
const QUICK: Readonly<Record<string, readonly string[]>> = {
  slowfast_r50: ['--frames', '16', '--size', '64'],
  s3d: ['--frames', '8', '--size', '64'],
  x3d_s: ['--frames', '4', '--size', '64'],
};

interface Contender {
  readonly label: string;
  readonly session: OrtSession;
  readonly times: number[];
  output?: Float32Array;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function listFlag(name: string): string[] | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? (process.argv[at + 1] ?? '').split(',').filter((s) => s !== '') : undefined;
}

async function open(label: string, model: Uint8Array | string, threads: number): Promise<Contender> {
  const options = { ...benchSessionOptions(threads), executionProviders: ['cpu'] };
  const session = typeof model === 'string' ? await ort.InferenceSession.create(model, options) : await ort.InferenceSession.create(model, options);
  return { label, session, times: [] };
}

function feeds(session: OrtSession, inputs: readonly NpyTensor[]): Record<string, OrtTensor> {
  return Object.fromEntries(
    session.inputNames.map((name, i) => {
      const t = inputs[i];
      if (!t) throw new Error(`no value for model input '${name}'`);
      return [name, new ort.Tensor('float32', t.data, [...t.dims])];
    }),
  );
}

async function runOnce(c: Contender, inputs: readonly NpyTensor[]): Promise<void> {
  const start = performance.now();
  const out = await c.session.run(feeds(c.session, inputs));
  c.times.push(performance.now() - start);
  c.output = out[c.session.outputNames[0] ?? '']?.data as Float32Array;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < Math.min(a.length, b.length); i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
}

/** vnet against the torch export of one reference run, alternating; returns the printed line. */
async function measure(name: string, ref: ReferenceRun, runs: number, threads: number): Promise<string> {
  const compiled = await compileFile(exampleFile(root, { name }), { weights: ref.weights, sets: setList(ref.meta), target: 'ort-cpu' });
  if (!compiled.bytes) throw new Error(`vnet: ${compiled.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  if (!ref.onnx) throw new Error('the reference wrote no model.onnx');
  const pair = [await open('vnet', compiled.bytes, threads), await open('torch', ref.onnx, threads)];
  for (const c of pair) {
    await runOnce(c, ref.inputs); // warm-up
    c.times.length = 0;
  }
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? pair : [...pair].reverse();
    for (const c of order) await runOnce(c, ref.inputs);
  }
  const [vnet, torch] = pair as [Contender, Contender];
  const diff = vnet.output && torch.output ? maxAbsDiff(vnet.output, torch.output) : NaN;
  for (const c of pair) await c.session.release();
  const shapes = ref.inputs.map((t) => `[${t.dims.join(', ')}]`).join(' + ');
  const ms = (c: Contender): string => `${median(c.times).toFixed(0).padStart(6)} ms (min ${Math.min(...c.times).toFixed(0)})`;
  const ratio = (f: (times: number[]) => number): string => `${(f(torch.times) / f(vnet.times)).toFixed(2)}x`;
  const ratios = `ratio ${ratio(median)} (min ${ratio((t) => Math.min(...t))})`;
  return `${name.padEnd(16)} ${shapes.padEnd(38)} vnet ${ms(vnet)}  torch export ${ms(torch)}  ${ratios}  max |diff| ${diff.toExponential(1)}`;
}

async function main(): Promise<number> {
  const runs = intFlag('--runs', 5);
  const threads = intFlag('--threads', 2);
  const only = listFlag('--only');
  const quick = process.argv.includes('--quick');
  const noTorch = whyNoTorch();
  log(
    `video zoo on onnxruntime ${ort.env.versions.common} CPU, ${threads} threads, batch 1, ${runs} alternating runs each (median; ratio = torch export / vnet ort-cpu)`,
  );
  if (noTorch) {
    log(`skipped: ${noTorch}`);
    return 0;
  }
  for (const example of ZOO_EXAMPLES.filter((e) => only === undefined || only.includes(e.name))) {
    const missing = whyMissing(root, example);
    if (missing) {
      log(`${example.name.padEnd(16)} skipped: ${missing}`);
      continue;
    }
    const dir = mkdtempSync(path.join(tmpdir(), `vnet-bench-zoo-${example.name}-`));
    try {
      const ref = runReference(root, example, dir, ['--export', ...(quick ? (QUICK[example.name] ?? ['--frames', '4', '--size', '32']) : [])]);
      log(await measure(example.name, ref, runs, threads));
    } catch (error) {
      log(`${example.name.padEnd(16)} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`zoo bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);

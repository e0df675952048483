/**
 * Loading official checkpoints: time to read and bind the weights, and the peak resident memory of a
 * whole compile, for a PyTorch checkpoint against the same weights as safetensors. Each case runs in
 * its own Node process, so its peak RSS is its own. Needs the full-size checkpoints:
 *
 *   /usr/bin/python3 refs/make_checkpoint_fixtures.py --full tmp/checkpoints
 *   npm run bench:weights -- tmp/checkpoints
 *
 * Target (issue #11): peak RSS with the .pth / .pyth at most 1.5x that with safetensors.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFile } from '../compiler/compile.js';
import { loadWeights } from '../compiler/weights/load.js';
import { checkProgram } from '../compiler/check/check-program.js';
import { graphParams } from '../compiler/weights/params.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const self = fileURLToPath(import.meta.url);

const CASES = [
  ['tsm_resnet50', 'TSM_kinetics_RGB_resnet50_shift8_blockres_avg_segment8_e50.pth', 'tsm_resnet50.safetensors'],
  ['timesformer_base', 'TimeSformer_divST_8x32_224_K400.pyth', 'timesformer_base.safetensors'],
] as const;

interface Measured {
  loadMs: number;
  compileMs: number;
  peakRssMiB: number;
}

/** In the child: load + read every tensor, then a whole compile; the process's peak RSS. */
async function one(network: string, weights: string): Promise<void> {
  const entry = path.join(root, 'examples', `${network}.vnet`);
  const graph = checkProgram(entry).graphs.at(-1);
  if (!graph) throw new Error(`${entry} has no network`);
  const params = graphParams(graph);
  const start = performance.now();
  const loaded = await loadWeights(weights, params);
  if (!loaded.weights) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  for (const p of params) loaded.weights.tensor(p);
  const loadMs = performance.now() - start;
  // Free the timed load before the compile, so the peak is the compile's alone (run with --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  const compileStart = performance.now();
  const result = await compileFile(entry, { weights, target: 'ort-cpu' });
  if (!result.bytes) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  const measured: Measured = { loadMs, compileMs: performance.now() - compileStart, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(measured)}\n`);
}

function spawnOne(network: string, weights: string): Measured {
  const child = spawnSync(process.execPath, ['--expose-gc', self, '--one', network, weights], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`${network} ${weights}: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as Measured;
}

function main(): void {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'tmp/checkpoints');
  if (!existsSync(dir)) {
    process.stderr.write(`weights-load: ${dir} not found; run /usr/bin/python3 refs/make_checkpoint_fixtures.py --full ${dir}\n`);
    process.exit(2);
  }
  const rows = ['| network | file | load + read (ms) | whole compile (ms) | peak RSS (MiB) |', '|---|---|---|---|---|'];
  for (const [network, pth, safetensors] of CASES) {
    const a = spawnOne(network, path.join(dir, safetensors));
    const b = spawnOne(network, path.join(dir, pth));
    rows.push(`| ${network} | ${safetensors} | ${a.loadMs.toFixed(0)} | ${a.compileMs.toFixed(0)} | ${a.peakRssMiB.toFixed(0)} |`);
    rows.push(
      `| ${network} | ${pth} | ${b.loadMs.toFixed(0)} | ${b.compileMs.toFixed(0)} | ${b.peakRssMiB.toFixed(0)} (${(b.peakRssMiB / a.peakRssMiB).toFixed(2)}x) |`,
    );
  }
  process.stdout.write(`${rows.join('\n')}\n`);
}

if (process.argv[2] === '--one') await one(process.argv[3] as string, process.argv[4] as string);
else main();

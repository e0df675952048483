/**
 * The token examples against their PyTorch references (refs/zoo/<example>.py): the reference script writes
 * its own `state_dict()` (.pth), a random clip and its logits into a temporary folder; the example compiles
 * with those weights loaded unchanged and the `--set` overrides the script names, and onnxruntime CPU runs it.
 * Python with torch is optional: `torchMissing()` says why the tests skip.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CompileTarget } from '../../compiler/compile.js';
import { compileFile, errorsAndWarnings, EXAMPLES, loadNpy, maxScaledError, ROOT, runCpu } from '../conformance/harness.js';

const PYTHON = '/usr/bin/python3';

let missing: string | undefined | null = null;

/** Why the reference tests cannot run here (no python3 or no torch), or undefined when they can. */
export function torchMissing(): string | undefined {
  if (missing === null) {
    const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
    missing = probe.status === 0 ? undefined : `${PYTHON} with torch and numpy is not installed (Debian: python3-torch)`;
    if (missing) console.warn(`skipping the PyTorch reference tests: ${missing}`);
  }
  return missing;
}

export interface Reference {
  readonly dir: string;
  readonly sets: Readonly<Record<string, string>>;
  readonly params: number;
  readonly weights: string;
}

const dirs: string[] = [];

/** Runs `refs/zoo/<example>.py --out <tmp> ...args` and reads its meta.json. */
export function runReference(example: string, args: readonly string[]): Reference {
  const dir = mkdtempSync(path.join(tmpdir(), `vnet-zoo-${example}-`));
  dirs.push(dir);
  const script = path.join(ROOT, 'refs/zoo', `${example}.py`);
  const run = spawnSync(PYTHON, [script, '--out', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`${example}.py failed (${run.status}): ${run.stderr.trim().split('\n').slice(-3).join('\n')}`);
  const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as { set: Record<string, string | number>; params: number };
  const sets = Object.fromEntries(Object.entries(meta.set).map(([k, v]) => [k, String(v)]));
  return { dir, sets, params: meta.params, weights: path.join(dir, 'state_dict.pth') };
}

export function removeReferences(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Compiles `examples/<example>.vnet` with the reference's weights and sizes, runs its clip; the largest scaled error. */
export async function referenceError(example: string, ref: Reference, target: CompileTarget): Promise<number> {
  const result = await compileFile(path.join(EXAMPLES, `${example}.vnet`), { sets: ref.sets, weights: ref.weights, target });
  const problems = errorsAndWarnings(result.diagnostics);
  if (problems.length > 0 || !result.bytes) throw new Error(`compile failed:\n${problems.join('\n')}`);
  const clip = await loadNpy(path.join(ref.dir, 'clip.npy'));
  const expected = await loadNpy(path.join(ref.dir, 'logits.npy'));
  const out = await runCpu(result.bytes, [clip]);
  if (out.dims.join(',') !== expected.dims.join(',')) throw new Error(`output [${out.dims.join(', ')}], reference [${expected.dims.join(', ')}]`);
  return maxScaledError(out.data, expected.data);
}

/** The reference module's state_dict names and shapes, and its parameter count, built in Python at `args`. */
export function referenceStateDict(example: string, build: string): { names: Record<string, number[]>; params: number } {
  const code = [
    'import json, sys',
    `sys.path.insert(0, ${JSON.stringify(path.join(ROOT, 'refs/zoo'))})`,
    `import ${example} as ref`,
    `m = ${build}`,
    'print(json.dumps({"names": {k: list(v.shape) for k, v in m.state_dict().items()}, "params": sum(p.numel() for p in m.parameters())}))',
  ].join('\n');
  const run = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`${example}: ${run.stderr.trim().split('\n').slice(-3).join('\n')}`);
  return JSON.parse(run.stdout) as { names: Record<string, number[]>; params: number };
}

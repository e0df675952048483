/**
 * The video-zoo equality harness: run an example's PyTorch reference (refs/zoo/<example>.py) into a
 * temporary folder, compile the example with the reference's own state_dict.pth (loaded unchanged, no
 * weights map) and --set overrides, run it on onnxruntime CPU, and compare with the reference's logits;
 * and the parameter count of `vnetc summary` against PyTorch's at the full configuration.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type ZooExample, exampleFile, referenceParams, runReference, setList, whyMissing, whyNoTorch } from '../../bench/zoo-reference.js';
import { compileFile } from '../../compiler/compile.js';
import type { Target } from '../../compiler/emit/lower/context.js';
import { ROOT, describeDiagnostics, runCpu } from '../conformance/harness.js';
import { scaledMaxDiff } from '../passes/helpers.js';
import { runVnetc } from '../cli/helpers.js';

export { ROOT };

/** Why the zoo tests cannot run here, or undefined; printed once by the tests that skip. */
export function whyZooSkipped(example: ZooExample): string | undefined {
  return whyMissing(ROOT, example) ?? whyNoTorch();
}

export interface Comparison {
  /** max |vnet - reference| / max(1, max |reference|): the house measure of the equivalence tests. */
  readonly error: number;
  readonly dims: readonly number[];
  readonly referenceDims: readonly number[];
  /** Notes and warnings of the compile, one line each. */
  readonly diagnostics: readonly string[];
}

/** Runs the reference with `args`, compiles the example on `target` with its weights, and compares. */
export async function compareWithReference(example: ZooExample, args: readonly string[], target: Target = 'portable'): Promise<Comparison> {
  const dir = mkdtempSync(path.join(tmpdir(), `vnet-zoo-${example.name}-`));
  try {
    const ref = runReference(ROOT, example, dir, args);
    const compiled = await compileFile(exampleFile(ROOT, example), { weights: ref.weights, sets: setList(ref.meta), target, seed: 0 });
    if (!compiled.bytes) throw new Error(`compile failed:\n${describeDiagnostics(compiled.diagnostics).join('\n')}`);
    const out = await runCpu(compiled.bytes, ref.inputs);
    return {
      error: scaledMaxDiff(out.data, ref.logits.data),
      dims: out.dims,
      referenceDims: ref.logits.dims,
      diagnostics: describeDiagnostics(compiled.diagnostics),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `vnetc summary`'s total parameter count of the example at the reference's full configuration, and PyTorch's. */
export async function parameterCounts(example: ZooExample): Promise<{ vnet: number; pytorch: number }> {
  const reference = referenceParams(ROOT, example);
  const sets = setList(reference).flatMap((s) => ['--set', s]);
  const { code, out, err } = await runVnetc(['summary', exampleFile(ROOT, example), ...sets], ROOT);
  if (code !== 0) throw new Error(`vnetc summary failed:\n${err}`);
  const total = /Total params: ([\d,]+)/.exec(out)?.[1];
  if (total === undefined) throw new Error(`no total in:\n${out}`);
  return { vnet: Number(total.replace(/,/g, '')), pytorch: reference.params };
}

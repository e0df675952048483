import { escapeControl } from '../../io/escape-text.js';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import { hasErrors } from '../../base/diagnostics/diagnostic.js';
import { formatCompact } from '../../base/diagnostics/formats/compact.js';
import type { Source } from '../../base/source.js';
import { firstLine } from '../../ort/first-line.js';
import { RuntimeError } from '../../runtime/errors.js';
import { checkDeclaredOutputs, checkProducedOutput } from '../../runtime/output-bound.js';
import { prepareInputs, type PreparedInput } from '../../runtime/feeds.js';
import { loadLabels } from '../../runtime/labels.js';
import { weightsMetadata } from '../../contract/weights.js';
import { DEFAULT_TOP } from '../../portable/defaults.js';
import { formatNpy } from '../../runtime/npy.js';
import type { OrtTensor } from '../../ort/ort.js';
import { rankOutputs, type RankedOutput } from '../../runtime/outputs.js';
import { openSession, type OpenedSession } from '../../runtime/session.js';
import { formatShape, toOrtTensor } from '../../runtime/tensors.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import type { ModelContract } from '../../contract/model-contract.js';
import { describePrecision } from '../../contract/precision.js';
import { findProjectRoot } from '../../compiler/check/project-root.js';
import { writeReason } from '../../io/reason.js';
import { type CliContext, ExitCode } from '../context.js';
import { exitCodeFor } from '../exit-code.js';
import { fail, reportError } from '../error-report.js';
import { videoGivenAsTensor } from './video-hint.js';
import type { OptionsOf } from '../flags/flag.js';
import type { RUN } from '../register/run.js';

/** `vnetc run <model>` without --video or --stream: its flags (cli/register/run.ts) and the model. */
export type RunOptions = OptionsOf<typeof RUN.flags, 'clip'> & {
  /** A `.onnx` model, or a `.vnet` file compiled in memory first. */
  readonly model: string;
};

/**
 * `vnetc run <model>`: opens the model (compiling a .vnet first), feeds it inputs from .npy
 * files or generated ones, and prints the top-k classes of every output and the timings.
 * Exit 0 on success, 1 for a bad model or input, 2 for usage and I/O errors.
 */
export async function runCommand(options: RunOptions, ctx: CliContext, compile?: CompileFile): Promise<number> {
  try {
    return await run(options, ctx, compile ? async () => compile : loadCompiler);
  } catch (error) {
    return reportError(error, ctx, 'run');
  }
}

async function run(options: RunOptions, ctx: CliContext, compile: () => Promise<CompileFile>): Promise<number> {
  const video = videoGivenAsTensor(options.model, options.inputs ?? []);
  if (video !== undefined) throw new RuntimeError('usage', video);
  const top = checkCount('--top', options.top ?? DEFAULT_TOP);
  const threads = options.threads === undefined ? undefined : checkCount('--threads', options.threads);
  const labelList = options.labels === undefined ? undefined : await loadLabels(options.labels, ctx.cwd);
  const labels = labelList?.labels;
  const model = await loadModel(options, ctx, compile);
  if (typeof model === 'number') return model;
  const given = [...(labelList ? [labelList.file] : []), ...inputPaths(options.inputs ?? []).map((f) => resolve(ctx, f))];

  const sessionStart = performance.now();
  const opened = await openSession(model.model, {
    name: options.model,
    providers: options.ep?.split(',') ?? ['cpu'],
    ...(threads !== undefined ? { threads } : {}),
    log: (line) => ctx.stderr(`${line}\n`),
    inputs: given,
  });
  const sessionMs = performance.now() - sessionStart;

  checkDeclaredOutputs(opened.session.outputMetadata);
  const inputs = await prepareInputs(opened.session.inputMetadata, options.inputs ?? [], ctx.cwd);
  const { outputs, runMs } = await runOnce(opened, inputs, top, labels);
  warnLabelCount(labels, options.labels, outputs, ctx);
  if (options.saveOutput !== undefined) {
    const protect = [resolve(ctx, options.model), ...model.sources, ...opened.dataFiles, ...given];
    const saved = await saveOutput(outputs, resolve(ctx, options.saveOutput), options.saveOutput, protect);
    if (saved !== undefined) return fail(ctx, 'io', saved);
  }
  const report: RunReport = { model: options.model, providers: opened.providers, sessionMs, runMs, inputs, outputs, contract: opened.contract };
  ctx.stdout(options.json ? formatRunJson(report) : formatRunText(report));
  return ExitCode.Ok;
}

export interface RunReport {
  readonly model: string;
  readonly providers: readonly string[];
  readonly sessionMs: number;
  readonly runMs: number;
  readonly inputs: readonly PreparedInput[];
  readonly outputs: readonly RankedOutput[];
  /** The model's precision and calibration are shown when it is not fp32. */
  readonly contract?: Pick<ModelContract, 'precision' | 'calibration'>;
}

async function runOnce(
  opened: OpenedSession,
  inputs: readonly PreparedInput[],
  top: number,
  labels: readonly string[] | undefined,
): Promise<{ outputs: RankedOutput[]; runMs: number }> {
  const feeds: Record<string, OrtTensor> = {};
  for (const input of inputs) feeds[input.name] = toOrtTensor(input.tensor);
  const start = performance.now();
  let results: Readonly<Record<string, OrtTensor | undefined>>;
  try {
    results = (await opened.session.run(feeds)) as Readonly<Record<string, OrtTensor | undefined>>;
  } catch (error) {
    throw new RuntimeError('model', `the model failed to run: ${firstLine(error)}`);
  }
  const runMs = performance.now() - start;
  for (const [name, value] of Object.entries(results)) if (value) checkProducedOutput(name, value.dims);
  return { outputs: rankOutputs(results, opened.session.outputNames, top, labels), runMs };
}

// ---- the model: an ONNX file, or a .vnet compiled in memory ----

/** A resolved .onnx path, or the bytes a .vnet compiled to and the source files they came from. */
export type LoadedModel = { readonly model: Uint8Array | string; readonly sources: readonly string[] };

export async function loadModel(
  options: Pick<RunOptions, 'model' | 'set' | 'network' | 'allowImportsOutside'>,
  ctx: CliContext,
  compile: () => Promise<CompileFile>,
): Promise<LoadedModel | number> {
  const file = resolve(ctx, options.model);
  if (path.extname(file) !== '.vnet') return { model: file, sources: [] };
  const compileFile = await compile();
  const result = await compileFile(file, {
    sets: options.set ?? [],
    // Compiled here without a checkpoint: seeded weights, which the contract says (and the run warns of).
    metadata: weightsMetadata(undefined),
    ...(options.network ? { network: options.network } : {}),
    ...(options.allowImportsOutside ? { allowImportsOutside: true } : {}),
  });
  if (hasErrors(result.diagnostics) || result.bytes === undefined) {
    ctx.stderr(formatCompact(result.diagnostics, result.sources, { color: false, cwd: ctx.cwd }));
    if (result.bytes === undefined && !hasErrors(result.diagnostics)) ctx.stderr(`vnetc: '${escapeControl(options.model)}' produced no model\n`);
    return Math.max(exitCodeFor(result.diagnostics), ExitCode.Problems);
  }
  // Warnings do not stop the run, but are not hidden either.
  if (result.diagnostics.length > 0) ctx.stderr(formatCompact(result.diagnostics, result.sources, { color: false, cwd: ctx.cwd }));
  return { model: result.bytes, sources: [...result.sources.keys()] };
}

/** compiler/compile.ts's `compileFile`, as `vnetc run` uses it. */
export type CompileFile = (
  file: string,
  options: { sets: readonly string[]; network?: string; allowImportsOutside?: boolean; metadata?: Readonly<Record<string, string>> },
) => Promise<{ bytes?: Uint8Array; diagnostics: Diagnostic[]; sources: Map<string, Source> }>;

/**
 * The compiler is loaded only for .vnet models, so running an .onnx file never pays for it.
 * The specifier is a variable until compiler/compile.ts lands; then this becomes a typed import.
 */
export async function loadCompiler(): Promise<CompileFile> {
  const specifier = new URL('../../compiler/compile.js', import.meta.url).href;
  let module: unknown;
  try {
    module = await import(specifier);
  } catch (error) {
    throw new RuntimeError('usage', `cannot compile .vnet files in this build: ${firstLine(error)}`);
  }
  const compileFile = (module as { compileFile?: unknown }).compileFile;
  if (typeof compileFile !== 'function') throw new RuntimeError('usage', 'cannot compile .vnet files in this build');
  return compileFile as CompileFile;
}

// ---- small checks and file helpers ----

function checkCount(flag: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RuntimeError('usage', `${flag} must be a positive integer, got ${value}`);
  return value;
}

function resolve(ctx: CliContext, file: string): string {
  return path.resolve(ctx.cwd, file);
}

function warnLabelCount(labels: readonly string[] | undefined, file: string | undefined, outputs: readonly RankedOutput[], ctx: CliContext): void {
  const first = outputs[0];
  if (labels === undefined || first === undefined || first.dims.length === 0) return;
  const classes = first.dims.length >= 2 ? first.dims.slice(1).reduce((a, b) => a * b, 1) : (first.dims[0] ?? 0);
  if (classes !== labels.length) {
    ctx.stderr(`vnetc: warning: '${escapeControl(file ?? '')}' has ${labels.length} labels but output '${first.name}' has ${classes} classes\n`);
  }
}

/** The files of `--input PATH` and `--input NAME=PATH` (both readings, when a name could be a path). */
function inputPaths(inputs: readonly string[]): string[] {
  return inputs.flatMap((i) => (i.includes('=') ? [i, i.slice(i.indexOf('=') + 1)] : [i]));
}

/** Writes the first output as .npy; returns the error line, if any. */
async function saveOutput(outputs: readonly RankedOutput[], file: string, shown: string, protect: readonly string[]): Promise<string | undefined> {
  const first = outputs[0];
  if (first?.tensor === undefined) return `cannot save '${shown}': the model has no float32 or int64 output`;
  try {
    await writeFileAtomic(file, formatNpy(first.tensor), { protect, linksWithin: [findProjectRoot(file)] });
    return undefined;
  } catch (error) {
    return `cannot write '${shown}': ${writeReason(error)}`;
  }
}

// ---- output formats ----

export function formatRunText(report: RunReport): string {
  const lines: string[] = [];
  for (const input of report.inputs) {
    lines.push(
      `input ${escapeControl(input.name)} ${formatShape(input.tensor.dims)} ${input.source === 'generated' ? '(generated)' : `from ${escapeControl(input.source)}`}`,
    );
  }
  for (const output of report.outputs) {
    lines.push(`output ${escapeControl(output.name)} ${formatShape(output.dims)} ${output.type}`);
    output.top.forEach((row, item) => {
      if (output.top.length > 1) lines.push(`  item ${item}`);
      const indent = output.top.length > 1 ? '    ' : '  ';
      const width = Math.max(...row.map((r) => String(r.index).length));
      for (const [rank, r] of row.entries()) {
        const label = r.label !== undefined ? `  ${escapeControl(r.label)}` : '';
        lines.push(`${indent}${rank + 1}. ${String(r.index).padStart(width)}  ${formatScore(r.score)}${label}`);
      }
    });
  }
  if (report.contract?.precision) lines.push(`precision: ${escapeControl(describePrecision(report.contract.precision, report.contract.calibration))}`);
  lines.push(`timing: session ${report.sessionMs.toFixed(1)} ms, run ${report.runMs.toFixed(1)} ms (${report.providers.join(', ')})`);
  return `${lines.join('\n')}\n`;
}

function formatScore(score: number): string {
  return Number.isFinite(score) ? score.toFixed(4).padStart(9) : String(score).padStart(9);
}

export function formatRunJson(report: RunReport): string {
  const doc = {
    model: report.model,
    providers: report.providers,
    ...(report.contract?.precision ? { precision: report.contract.precision } : {}),
    ...(report.contract?.calibration ? { calibration: report.contract.calibration } : {}),
    timing: { sessionMs: round(report.sessionMs), runMs: round(report.runMs) },
    inputs: report.inputs.map((i) => ({ name: i.name, shape: i.tensor.dims, type: i.tensor.type, source: i.source })),
    outputs: report.outputs.map((o) => ({
      name: o.name,
      shape: o.dims,
      type: o.type,
      top: o.top.map((row) =>
        row.map((r) => ({ index: r.index, score: Number.isFinite(r.score) ? r.score : null, ...(r.label !== undefined ? { label: r.label } : {}) })),
      ),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

import { escapeControl } from '../../io/escape-text.js';
import * as path from 'node:path';
import { TARGETS, compileFile, type CalibrateOptions } from '../../compiler/compile.js';
import { clipLoader } from '../clips.js';
import { formatValidation } from '../validation-report.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { CalibrationRequired, PrecisionOptionUnused, UnknownLabels, UnknownPass, UnsupportedOpset, UnsupportedTarget } from '../../base/diagnostics/codes.js';
import { resolveLabels } from '../../runtime/builtin-labels.js';
import { weightsMetadata } from '../../contract/weights.js';
import { unknownPasses } from '../../compiler/optimize.js';
import type { ExplainNote } from '../../compiler/passes/pass.js';
import { ALL_PASSES } from '../../compiler/passes/pipeline.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import { formatPretty } from '../../base/diagnostics/formats/pretty.js';
import type { Target } from '../../compiler/emit/lower/context.js';
import { MAX_OPSET, MIN_OPSET, isSupportedOpset } from '../../compiler/emit/opset.js';
import type { Source } from '../../base/source.js';
import { type CliContext, ExitCode } from '../context.js';
import { exitCodeFor } from '../exit-code.js';
import { formatExplainJson, formatExplainText } from '../explain.js';
import { formatLimited } from '../report.js';
import type { OptionsOf } from '../flags/flag.js';
import type { COMPILE } from '../register/compile.js';
import { DEFAULT_MAX_ERRORS_PER_FILE } from '../../base/diagnostics/limit.js';

/** `vnetc compile`: its flags (cli/register/compile.ts) with `--set` parsed, the file, and --debug's IR checks. */
export type CompileCommandOptions = Omit<OptionsOf<typeof COMPILE.flags>, 'set' | 'target'> & {
  readonly file: string;
  /** Checked here (VN406), for callers other than the command line. */
  readonly target?: string;
  /** Parsed `--set` overrides: name -> value text. */
  readonly sets?: Readonly<Record<string, string>>;
  /** Verify the IR after every pass (--debug). */
  readonly verify?: boolean;
};

/**
 * `vnetc compile <file.vnet> [-o model.onnx]`: checks the program, emits the network as ONNX and
 * writes it atomically. Diagnostics go to stderr, the one-line summary of what was written to
 * stdout. Exit 0 written, 1 problems in the program or weights, 2 usage or I/O error.
 */
export async function compileCommand(options: CompileCommandOptions, ctx: CliContext): Promise<number> {
  const usage = checkUsage(options);
  const labels = options.labels === undefined ? undefined : await resolveLabels(options.labels, ctx.cwd);
  if (labels && 'error' in labels) usage.push(diagnose(UnknownLabels, { name: options.labels!, reason: labels.error }));
  if (usage.length > 0) return finish(usage, new Map(), ctx);
  const notes: ExplainNote[] = [];
  const output = options.output ?? defaultOutput(options.file);
  // Messages name every file as the user typed it, built that way once (no rewriting afterwards).
  const typed = [output, options.weights, options.weightsMap].filter((p): p is string => p !== undefined);
  const shownPaths = new Map(typed.map((p) => [resolve(ctx, p), p] as const));
  const {
    file,
    output: _output,
    weights,
    weightsMap,
    explain,
    labels: _labels,
    target,
    calibrate,
    calibration: _calibration,
    keepFloat: _keepFloat,
    validate,
    ...passed
  } = options;
  const result = await compileFile(resolve(ctx, file), {
    ...passed,
    output: resolve(ctx, output),
    shownPaths,
    weights: weights === undefined ? undefined : resolve(ctx, weights),
    weightsMap: weightsMap === undefined ? undefined : resolve(ctx, weightsMap),
    // The contract says whether the weights are trained (a checkpoint) or seeded, for run and the page to tell.
    metadata: weightsMetadata(weights),
    target: target as Target | undefined,
    explain: explain ? (note: ExplainNote) => void notes.push(note) : undefined,
    ...(labels && 'labels' in labels ? { labels: labels.labels, inputs: [labels.file] } : {}),
    calibrate: calibrate === undefined ? undefined : calibrateOptions(options, calibrate, ctx),
    validateClips: validate === undefined ? undefined : clipLoader('--validate', validate, ctx.cwd),
  });
  if (options.explain === 'text') ctx.stdout(formatExplainText(notes));
  if (options.explain === 'json') ctx.stdout(formatExplainJson(notes, ctx.cwd));
  const code = finish(result.diagnostics, result.sources, ctx, options.strict === true);
  if (code === ExitCode.Ok && result.written && result.graph) {
    const files = result.written.map((f) => escapeControl(path.relative(ctx.cwd, f) || f));
    const nodes = result.optimized ? `${result.optimized.nodesBefore} -> ${result.optimized.nodesAfter} IR nodes` : `${result.graph.nodes.length} IR nodes`;
    // With --explain json, stdout is one JSON document: the summary line goes to stderr.
    const say = options.explain === 'json' ? ctx.stderr : ctx.stdout;
    say(`compiled ${result.graph.name} (${nodes}) -> ${files.reverse().join(' + ')}\n`);
    if (result.validation) say(formatValidation(result.validation, validate ?? ''));
  }
  return code;
}

/** `--calibrate PATH` and the options that go with it, for the compiler. */
function calibrateOptions(options: CompileCommandOptions, given: string, ctx: CliContext): CalibrateOptions {
  return {
    load: clipLoader('--calibrate', given, ctx.cwd),
    source: path.basename(path.resolve(ctx.cwd, given)),
    method: options.calibration ?? 'percentile',
    keepFloat: options.keepFloat ?? [],
  };
}

/** Options of one precision given with another (`--calibrate` without int8), and int8 without clips. */
function precisionUsage(options: CompileCommandOptions): Diagnostic[] {
  const precision = options.precision ?? 'fp32';
  const out: Diagnostic[] = [];
  const int8Only: [string, unknown][] = [
    ['--calibrate', options.calibrate],
    ['--calibration', options.calibration],
    ['--keep-float', options.keepFloat],
    ['--validate', options.validate],
  ];
  if (precision !== 'int8')
    for (const [option, value] of int8Only) if (value !== undefined) out.push(diagnose(PrecisionOptionUnused, { option, needs: '--precision int8' }));
  if (precision !== 'fp16' && options.fp16Io) out.push(diagnose(PrecisionOptionUnused, { option: '--fp16-io', needs: '--precision fp16' }));
  // The streaming runtimes (node, the page, Triton's state) feed float32 frames and caches.
  if (options.fp16Io && options.online)
    out.push(diagnose(PrecisionOptionUnused, { option: '--fp16-io', needs: 'an offline model (online models take float32 frames and caches)' }));
  if (precision === 'int8' && options.calibrate === undefined) out.push(diagnose(CalibrationRequired, {}));
  return out;
}

function checkUsage(options: CompileCommandOptions): Diagnostic[] {
  const out: Diagnostic[] = [...precisionUsage(options)];
  if (options.opset !== undefined && !isSupportedOpset(options.opset)) {
    out.push(diagnose(UnsupportedOpset, { opset: options.opset, min: MIN_OPSET, max: MAX_OPSET }));
  }
  const unknown = unknownPasses(options.passes ?? []);
  if (unknown.length > 0) out.push(diagnose(UnknownPass, { names: unknown, known: ALL_PASSES.map((p) => p.name) }));
  if (options.target !== undefined && !(TARGETS as readonly string[]).includes(options.target)) {
    out.push(diagnose(UnsupportedTarget, { target: options.target, known: TARGETS }));
  }
  return out;
}

function finish(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, Source>, ctx: CliContext, strict = false): number {
  if (diagnostics.length > 0)
    ctx.stderr(formatLimited(formatPretty, diagnostics, sources, { color: ctx.color, cwd: ctx.cwd }, DEFAULT_MAX_ERRORS_PER_FILE, '\n'));
  return exitCodeFor(diagnostics, strict);
}

function defaultOutput(file: string): string {
  const ext = path.extname(file);
  return `${ext === '.vnet' ? file.slice(0, -ext.length) : file}.onnx`;
}

function resolve(ctx: CliContext, file: string): string {
  return path.resolve(ctx.cwd, file);
}

/** Messages name the output as the user wrote it, not its absolute path. */

import * as path from 'node:path';
import { diagnose } from '../../base/diagnostics/code.js';
import {
  OutputNotOurs,
  TritonBadModelName,
  TritonBatchNotDynamic,
  TritonExternalDataRefused,
  TritonFolderHoldsInput,
  TritonGpuForCpuModel,
  TritonModelUnreadable,
  TritonModelUnservable,
  TritonNameClash,
  TritonRepositoryUnwritable,
} from '../../base/diagnostics/codes.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import { cudaKernelDiagnostics } from '../../compiler/emit/ort-cuda/cuda-kernel-diagnostics.js';
import { decodeModel } from '../../compiler/emit/proto.js';
import { escapeControl } from '../../io/escape-text.js';
import { readBounded } from '../../io/read-bounded.js';
import { fileReason } from '../../io/reason.js';
import { MAX_BINARY_BYTES } from '../../runtime/files.js';
import {
  type CommandInput,
  type ExportProblem,
  LABELS_FILE,
  MARKER_FILE,
  type ModelDirectory,
  RepositoryRefusal,
  exportModel,
  isModelName,
  writeModelDirectory,
} from '../../serve/triton/index.js';
import { type CliContext, ExitCode } from '../context.js';
import { exitCodeFor } from '../exit-code.js';
import { reportDiagnostics } from '../error-report.js';
import { type TritonCommandOptions, checkUsage, serveOptions, unusedOnlineFlags } from './triton-options.js';

export type { TritonCommandOptions } from './triton-options.js';

/**
 * `vnetc triton MODEL.onnx... -o REPO`: writes a Triton model repository, one folder per model. Every
 * model is checked before anything is written; each folder then replaces its old self atomically, and
 * only if vnet wrote it (or --force). Exit 0 written, 1 a model cannot be served, 2 usage or I/O error.
 */
export async function tritonCommand(options: TritonCommandOptions, ctx: CliContext): Promise<number> {
  const serve = serveOptions(options);
  const usage = checkUsage(options, serve);
  if (usage.length > 0) return finish(usage, ctx);
  const names = options.models.map((m) => options.name ?? path.basename(m, path.extname(m)));
  const badName = names.findIndex((n) => !isModelName(n));
  if (badName >= 0) return finish([diagnose(TritonBadModelName, { path: options.models[badName] as string, name: names[badName] as string })], ctx);
  const clash = names.find((n, i) => names.indexOf(n) !== i);
  if (clash !== undefined) {
    return finish([diagnose(TritonNameClash, { name: clash, paths: options.models.filter((_, i) => names[i] === clash) })], ctx);
  }
  const files = options.models.map((m) => path.resolve(ctx.cwd, m));
  const diagnostics: Diagnostic[] = [];
  const exported: ModelDirectory[] = [];
  const inputs: CommandInput[] = options.models.map((shown, i) => ({ path: files[i] as string, shown }));
  for (const [i, shown] of options.models.entries()) {
    const file = files[i] as string;
    let bytes: Uint8Array;
    try {
      bytes = await readBounded(file, MAX_BINARY_BYTES);
    } catch (error) {
      diagnostics.push(diagnose(TritonModelUnreadable, { path: shown, reason: fileReason(error) }));
      continue;
    }
    const result = exportModel(file, bytes, names[i] as string, serve, files);
    if (!result.ok) {
      diagnostics.push(problemDiagnostic(shown, result.error));
      continue;
    }
    if (serve.gpu) diagnostics.push(...gpuDiagnostics(shown, bytes, result.value));
    exported.push(result.value);
    inputs.push(
      ...result.value.files.flatMap((f) => ('copyFrom' in f ? [{ path: f.copyFrom, shown: path.join(path.dirname(shown), path.basename(f.copyFrom)) }] : [])),
    );
  }
  if (exitCodeFor(diagnostics) !== ExitCode.Ok) return finish(diagnostics, ctx);
  const unused = unusedOnlineFlags(options, serve, exported);
  if (unused.length > 0) return finish([...diagnostics, ...unused], ctx);
  const repo = path.resolve(ctx.cwd, options.output);
  for (const model of exported) {
    const shown = path.join(options.output, model.name);
    try {
      await writeModelDirectory(repo, model.name, model.files, { inputs, ...(options.force ? { force: true } : {}) });
    } catch (error) {
      return finish([...diagnostics, writeDiagnostic(shown, error)], ctx);
    }
    const data = model.dataFiles.length > 0 ? `; external data copied: ${model.dataFiles.join(', ')}` : '';
    ctx.stdout(`${escapeControl(shown)}: ${describe(model, serve.gpu)}${escapeControl(data)}\n`);
  }
  return finish(diagnostics, ctx);
}

function writeDiagnostic(shown: string, error: unknown): Diagnostic {
  if (!(error instanceof RepositoryRefusal)) return diagnose(TritonRepositoryUnwritable, { path: shown, reason: fileReason(error) });
  if (error.kind === 'holds-input') return diagnose(TritonFolderHoldsInput, { path: shown, input: error.input ?? '' });
  return diagnose(OutputNotOurs, { path: shown, command: 'triton', why: `it holds no ${MARKER_FILE}` });
}

/**
 * `--gpu`: a model compiled for ort-cpu is one error (its layout and kernels are onnxruntime's CPU ones,
 * so a message per node would repeat advice that does not fit it); any other model, one VN470 per node
 * that onnxruntime's CUDA provider would hand back to the CPU.
 */
function gpuDiagnostics(shown: string, bytes: Uint8Array, model: ModelDirectory): Diagnostic[] {
  const fallbacks = cudaKernelDiagnostics(decodeModel(bytes));
  if (model.target === 'ort-cpu') return [diagnose(TritonGpuForCpuModel, { path: shown, fallbacks: fallbacks.length })];
  return fallbacks;
}

function describe(model: ModelDirectory, gpu: boolean): string {
  const sequences = model.config.sequence_batching;
  const batching = sequences
    ? `online, sequence batching with ${sequences.state.length} implicit states${model.renamedStates ? ' (renamed so Triton pairs them)' : ''}`
    : 'offline, dynamic batching';
  const streams = sequences
    ? `, ${sequences.oldest.max_candidate_sequences} streams per instance, idle timeout ${sequences.max_sequence_idle_microseconds / 1000} ms`
    : '';
  const labels = model.labels > 0 ? `, ${model.labels} labels in ${LABELS_FILE}` : '';
  return `${batching}, max batch ${model.config.max_batch_size}${streams}, ${model.config.instance_group[0]?.count ?? 1} ${gpu ? 'GPU' : 'CPU'} instance(s)${labels}`;
}

function problemDiagnostic(shown: string, problem: ExportProblem): Diagnostic {
  switch (problem.kind) {
    case 'unservable':
      return diagnose(TritonModelUnservable, { path: shown, reason: problem.reason });
    case 'batch-fixed':
      return diagnose(TritonBatchNotDynamic, { path: shown, tensor: problem.tensor, dim: problem.dim });
    case 'external-data':
      return diagnose(TritonExternalDataRefused, { path: shown, location: problem.location, reason: problem.reason });
    default: {
      const never: never = problem;
      return never;
    }
  }
}

function finish(diagnostics: readonly Diagnostic[], ctx: CliContext): number {
  return reportDiagnostics(diagnostics, ctx);
}

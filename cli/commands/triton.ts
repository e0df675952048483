import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { diagnose } from '../../compiler/diagnostics/code.js';
import {
  TritonBadOption,
  TritonBatchNotDynamic,
  TritonModelUnreadable,
  TritonModelUnservable,
  TritonNameClash,
  TritonRepositoryUnwritable,
} from '../../compiler/diagnostics/codes.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { formatPretty } from '../../compiler/diagnostics/formats/pretty.js';
import { cudaKernelDiagnostics } from '../../compiler/emit/ort-cuda/cuda-kernel-diagnostics.js';
import { decodeModel } from '../../compiler/emit/proto.js';
import { DEFAULT_SERVE_OPTIONS, type ExportProblem, type ModelDirectory, exportModel, writeModelDirectory } from '../../serve/triton/index.js';
import { type CliContext, ExitCode } from '../context.js';
import { exitCodeFor } from '../exit-code.js';

export interface TritonCommandOptions {
  readonly models: readonly string[];
  /** The repository folder (created when missing). */
  readonly output: string;
  readonly maxBatch?: number;
  readonly instances?: number;
  /** GPU instances; also checks that onnxruntime's CUDA provider has a kernel for every node. */
  readonly gpu?: boolean;
  /** The model's name in the repository (one model only); default: the file's stem. */
  readonly name?: string;
}

/**
 * `vnetc triton MODEL.onnx... -o REPO`: writes a Triton model repository, one folder per model. Every
 * model is checked before anything is written; each folder then replaces its old self atomically.
 * Exit 0 written, 1 a model cannot be served, 2 usage or I/O error.
 */
export async function tritonCommand(options: TritonCommandOptions, ctx: CliContext): Promise<number> {
  const serve = { maxBatch: options.maxBatch ?? DEFAULT_SERVE_OPTIONS.maxBatch, instances: options.instances ?? DEFAULT_SERVE_OPTIONS.instances, gpu: options.gpu ?? false };
  const usage = checkUsage(options, serve);
  if (usage.length > 0) return finish(usage, ctx);
  const names = options.models.map((m) => options.name ?? path.basename(m, path.extname(m)));
  const clash = names.find((n, i) => names.indexOf(n) !== i);
  if (clash !== undefined) {
    return finish([diagnose(TritonNameClash, { name: clash, paths: options.models.filter((_, i) => names[i] === clash) })], ctx);
  }
  const diagnostics: Diagnostic[] = [];
  const exported: ModelDirectory[] = [];
  for (const [i, shown] of options.models.entries()) {
    const file = path.resolve(ctx.cwd, shown);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      diagnostics.push(diagnose(TritonModelUnreadable, { path: shown, reason: ioReason(error) }));
      continue;
    }
    const result = exportModel(file, bytes, names[i] as string, serve);
    if (!result.ok) {
      diagnostics.push(problemDiagnostic(shown, result.problem));
      continue;
    }
    if (serve.gpu) diagnostics.push(...cudaKernelDiagnostics(decodeModel(bytes)));
    exported.push(result.value);
  }
  if (exitCodeFor(diagnostics) !== ExitCode.Ok) return finish(diagnostics, ctx);
  const repo = path.resolve(ctx.cwd, options.output);
  for (const model of exported) {
    try {
      writeModelDirectory(repo, model.name, model.files);
    } catch (error) {
      return finish([...diagnostics, diagnose(TritonRepositoryUnwritable, { path: path.join(options.output, model.name), reason: ioReason(error) })], ctx);
    }
    ctx.stdout(`${path.join(options.output, model.name)}: ${describe(model, serve.gpu)}\n`);
  }
  return finish(diagnostics, ctx);
}

function describe(model: ModelDirectory, gpu: boolean): string {
  const batching = model.kind === 'online'
    ? `online, sequence batching with ${model.config.sequence_batching?.state.length ?? 0} implicit states${model.renamedStates ? ' (renamed so Triton pairs them)' : ''}`
    : 'offline, dynamic batching';
  return `${batching}, max batch ${model.config.max_batch_size}, ${model.config.instance_group[0]?.count ?? 1} ${gpu ? 'GPU' : 'CPU'} instance(s)`;
}

function checkUsage(options: TritonCommandOptions, serve: { maxBatch: number; instances: number }): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!(serve.maxBatch >= 1)) out.push(diagnose(TritonBadOption, { option: `--max-batch ${serve.maxBatch}`, reason: 'Triton batches need at least 1 row' }));
  if (!(serve.instances >= 1)) out.push(diagnose(TritonBadOption, { option: `--instances ${serve.instances}`, reason: 'at least one instance serves the model' }));
  if (options.name !== undefined) {
    if (options.models.length !== 1) out.push(diagnose(TritonBadOption, { option: `--name ${options.name}`, reason: 'names one model; give one model with it' }));
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(options.name)) {
      out.push(diagnose(TritonBadOption, { option: `--name ${options.name}`, reason: 'a model name is a folder name: letters, digits, _ . - (not starting with . or -)' }));
    }
  }
  return out;
}

function problemDiagnostic(shown: string, problem: ExportProblem): Diagnostic {
  switch (problem.kind) {
    case 'unservable':
      return diagnose(TritonModelUnservable, { path: shown, reason: problem.reason });
    case 'batch-fixed':
      return diagnose(TritonBatchNotDynamic, { path: shown, tensor: problem.tensor, dim: problem.dim });
    default: {
      const never: never = problem;
      return never;
    }
  }
}

function finish(diagnostics: readonly Diagnostic[], ctx: CliContext): number {
  if (diagnostics.length > 0) ctx.stderr(formatPretty(diagnostics, new Map(), { color: ctx.color, cwd: ctx.cwd }));
  return exitCodeFor(diagnostics);
}

function ioReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException | undefined;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENOSPC':
      return 'no space left on device';
    default:
      return e?.message ?? String(error);
  }
}

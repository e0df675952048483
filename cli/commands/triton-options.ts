/**
 * `vnetc triton`'s options: the serving options they give (defaults filled in), and the usage errors
 * (VN474, exit 2) of values Triton cannot take or flags no given model would use.
 */
import { diagnose } from '../../base/diagnostics/code.js';
import { TritonBadOption } from '../../base/diagnostics/codes.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import type { OptionsOf } from '../flags/flag.js';
import type { TRITON } from '../register/triton.js';
import { DEFAULT_SERVE_OPTIONS, type ModelDirectory, SEQUENCES_PER_BATCH_ROW, type ServeOptions, isModelName } from '../../serve/triton/index.js';

/** `vnetc triton`: its flags (cli/register/triton.ts), the models and the repository folder. */
export type TritonCommandOptions = OptionsOf<typeof TRITON.flags> & { readonly models: readonly string[]; readonly output: string };

/** Triton's counts are int32 fields of model_config.proto. */
const INT32_MAX = 0x7fffffff;
/** The longest idle timeout whose microseconds are still a whole number JavaScript holds exactly. */
const MAX_IDLE_MS = Math.floor(Number.MAX_SAFE_INTEGER / 1000);

/** The serving options the flags give, defaults filled in: --max-sequences defaults to four batches of streams. */
export function serveOptions(options: TritonCommandOptions): ServeOptions {
  const maxBatch = options.maxBatch ?? DEFAULT_SERVE_OPTIONS.maxBatch;
  return {
    maxBatch,
    maxSequences: options.maxSequences ?? Math.min(maxBatch * SEQUENCES_PER_BATCH_ROW, INT32_MAX),
    sequenceIdleMs: options.sequenceIdleMs ?? DEFAULT_SERVE_OPTIONS.sequenceIdleMs,
    instances: options.instances ?? DEFAULT_SERVE_OPTIONS.instances,
    gpu: options.gpu ?? false,
  };
}

/** Values Triton cannot take, and --name with several models or an unusable name. */
export function checkUsage(options: TritonCommandOptions, serve: ServeOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const bad = (option: string, reason: string): void => {
    out.push(diagnose(TritonBadOption, { option, reason }));
  };
  if (!(serve.maxBatch >= 1 && serve.maxBatch <= INT32_MAX))
    bad(`--max-batch ${serve.maxBatch}`, `Triton batches need at least 1 row (and at most ${INT32_MAX})`);
  if (!(serve.instances >= 1 && serve.instances <= INT32_MAX))
    bad(`--instances ${serve.instances}`, `at least one instance serves the model (and at most ${INT32_MAX})`);
  if (options.maxSequences !== undefined && !(serve.maxSequences >= serve.maxBatch && serve.maxSequences <= INT32_MAX)) {
    bad(
      `--max-sequences ${serve.maxSequences}`,
      `must be from --max-batch (${serve.maxBatch}) to ${INT32_MAX}: with fewer streams than rows, no batch is ever full`,
    );
  }
  if (!(serve.sequenceIdleMs >= 1 && serve.sequenceIdleMs <= MAX_IDLE_MS)) {
    bad(`--sequence-idle-ms ${serve.sequenceIdleMs}`, `must be from 1 to ${MAX_IDLE_MS} milliseconds (Triton reads 0 as its own default, 1 s)`);
  }
  if (options.name !== undefined) {
    if (options.models.length !== 1) bad(`--name ${options.name}`, 'names one model; give one model with it');
    if (!isModelName(options.name)) bad(`--name ${options.name}`, 'a model name is a folder name: letters, digits, _ . - (not starting with . or -)');
  }
  return out;
}

/** --max-sequences and --sequence-idle-ms set the sequence batcher: without an online model they would do nothing. */
export function unusedOnlineFlags(options: TritonCommandOptions, serve: ServeOptions, exported: readonly ModelDirectory[]): Diagnostic[] {
  if (exported.some((m) => m.kind === 'online')) return [];
  const given = [
    ...(options.maxSequences !== undefined ? [`--max-sequences ${serve.maxSequences}`] : []),
    ...(options.sequenceIdleMs !== undefined ? [`--sequence-idle-ms ${serve.sequenceIdleMs}`] : []),
  ];
  const models = exported.length === 1 ? 'the model is' : 'the models are';
  const reason = `sets the sequence batcher of online models, and ${models} offline (dynamic batching); compile with --online, or drop it`;
  return given.map((option) => diagnose(TritonBadOption, { option, reason }));
}

import { diagnose } from '../../base/diagnostics/code.js';
import { CheckpointDamaged, WeightDTypeUnsupported, WeightsMisshaped, WeightsMissing, WeightsUnexpected } from '../../base/diagnostics/codes.js';
import type { NamedShape, ShapeMismatch } from '../../base/diagnostics/codes/emit.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import type { IRParam } from '../ir/graph.js';
import { FLOAT_DTYPES, type NamedTensor } from './tensor.js';
import type { WeightSource } from './source.js';

export interface BindOptions {
  /** The weights file as the user named it (for messages). */
  readonly path: string;
  /** Strip this prefix from tensor names (`module.`); when absent, `module.` or `model.` is stripped if every name has it. */
  readonly prefix?: string;
}

export interface BindResult {
  /** Present only when every parameter matched exactly. */
  readonly weights?: WeightSource;
  readonly diagnostics: Diagnostic[];
}

/** Prefixes that wrappers add to a state dict (DataParallel's `module.`, Lightning's `model.`). */
const WRAPPER_PREFIXES = ['module.', 'model.'];

/** Counters PyTorch keeps beside BatchNorm statistics; they do not affect inference. */
const IGNORED_SUFFIX = 'num_batches_tracked';

/**
 * Matches the network's parameters to the file's tensors strictly: every parameter must be in the
 * file with its exact shape, and every tensor in the file must be a parameter. All problems are
 * reported at once (missing, unexpected, mis-shaped, unsupported dtype), with names and shapes.
 */
export function bindWeights(params: readonly IRParam[], tensors: readonly NamedTensor[], options: BindOptions): BindResult {
  const entries = tensors.filter((e) => !e.name.endsWith(IGNORED_SUFFIX));
  const prefix = options.prefix ?? detectPrefix(entries, params);
  const byName = new Map<string, NamedTensor>();
  const unexpected: NamedShape[] = [];
  const shown = (e: NamedTensor): string => e.original ?? e.name;
  for (const e of entries) {
    const name = stripPrefix(e.name, prefix);
    if (byName.has(name)) unexpected.push({ name: shown(e), shape: e.shape });
    else byName.set(name, e);
  }
  const wanted = new Map(params.map((p) => [p.name, p]));
  for (const [name, e] of byName) if (!wanted.has(name)) unexpected.push({ name: shown(e), shape: e.shape });

  const missing: NamedShape[] = [];
  const misshaped: ShapeMismatch[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of params) {
    const e = byName.get(p.name);
    if (!e) missing.push({ name: p.name, shape: p.shape });
    else if (e.shape.join(',') !== p.shape.join(',')) misshaped.push({ name: p.name, expected: p.shape, actual: e.shape });
    else if (!FLOAT_DTYPES.has(e.dtype)) diagnostics.push(diagnose(WeightDTypeUnsupported, { path: options.path, name: shown(e), dtype: e.dtype }));
  }
  if (missing.length > 0) diagnostics.push(diagnose(WeightsMissing, { path: options.path, params: missing }));
  if (unexpected.length > 0) {
    const prefixes = suggestPrefixes(unexpected, wanted);
    diagnostics.push(diagnose(WeightsUnexpected, { path: options.path, tensors: unexpected, prefixes }));
  }
  if (misshaped.length > 0) diagnostics.push(diagnose(WeightsMisshaped, { path: options.path, mismatches: misshaped }));
  if (diagnostics.length > 0) return { diagnostics };
  for (const e of byName.values()) {
    const problem = e.problem();
    if (problem !== undefined) return { diagnostics: [diagnose(CheckpointDamaged, { path: options.path, reason: problem })] };
  }
  return { weights: sourceOf(byName), diagnostics };
}

function sourceOf(byName: ReadonlyMap<string, NamedTensor>): WeightSource {
  return {
    tensor(param) {
      const e = byName.get(param.name);
      if (!e) throw new Error(`no tensor for parameter '${param.name}'`);
      const read = e.read();
      if (!read.ok) throw new Error(read.error);
      return read.value;
    },
  };
}

/** `name` without `prefix` when it starts with it. */
export function stripPrefix(name: string, prefix: string | undefined): string {
  return prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/** A wrapper prefix that every tensor name has and no parameter name has. */
export function detectPrefix(entries: readonly NamedTensor[], params: readonly IRParam[]): string | undefined {
  if (entries.length === 0) return undefined;
  return WRAPPER_PREFIXES.find((prefix) => entries.every((e) => e.name.startsWith(prefix)) && !params.some((p) => p.name.startsWith(prefix)));
}

/**
 * Leading name segments whose removal would turn an unexpected tensor into a parameter. Only the
 * suffixes no longer than the longest parameter name are looked up, so a name of 100,000 dots costs
 * as much as a short one.
 */
function suggestPrefixes(unexpected: readonly NamedShape[], wanted: ReadonlyMap<string, IRParam>): string[] {
  let longest = 0;
  for (const name of wanted.keys()) longest = Math.max(longest, name.length);
  const found = new Set<string>();
  for (const { name } of unexpected) {
    for (let dot = name.indexOf('.', Math.max(0, name.length - longest - 1)); dot >= 0; dot = name.indexOf('.', dot + 1)) {
      if (wanted.has(name.slice(dot + 1))) found.add(name.slice(0, dot + 1));
    }
  }
  return [...found];
}

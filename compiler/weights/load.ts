import { readBounded } from '../../io/read-bounded.js';
import { fileReason } from '../../io/reason.js';
import { diagnose } from '../diagnostics/code.js';
import { NonFiniteWeights, WeightsUnreadable } from '../diagnostics/codes.js';
import { nonFiniteTensors } from './non-finite.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { IRParam } from '../ir/graph.js';
import { bindWeights } from './bind.js';
import { parseSafetensors } from './safetensors.js';
import type { WeightSource } from './source.js';

export interface LoadedWeights {
  readonly weights?: WeightSource;
  readonly diagnostics: Diagnostic[];
}

/** A checkpoint is read whole: 4 GiB of parameters (vnet's limit) and a header of up to 100 MiB. */
export const MAX_WEIGHTS_FILE_BYTES = 4 * 1024 ** 3 + 100 * 1024 ** 2;

/** Reads a safetensors file and binds it to `params`; every failure is a VN4xx diagnostic. */
export async function loadWeights(
  file: string,
  params: readonly IRParam[],
  options: { readonly displayPath?: string; readonly prefix?: string } = {},
): Promise<LoadedWeights> {
  const shown = options.displayPath ?? file;
  let bytes: Uint8Array;
  try {
    bytes = await readBounded(file, MAX_WEIGHTS_FILE_BYTES);
  } catch (error) {
    return { diagnostics: [diagnose(WeightsUnreadable, { path: shown, reason: fileReason(error) })] };
  }
  const parsed = parseSafetensors(bytes);
  if (!parsed.ok) return { diagnostics: [diagnose(WeightsUnreadable, { path: shown, reason: parsed.error })] };
  const bound = bindWeights(params, parsed.value, { path: shown, ...(options.prefix !== undefined ? { prefix: options.prefix } : {}) });
  if (!bound.weights) return bound;
  const nonFinite = nonFiniteTensors(parsed.value);
  if (nonFinite.length === 0) return bound;
  return { ...bound, diagnostics: [...bound.diagnostics, diagnose(NonFiniteWeights, { path: shown, tensors: nonFinite })] };
}

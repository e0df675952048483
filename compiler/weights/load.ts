import { readFile } from 'node:fs/promises';
import { diagnose } from '../diagnostics/code.js';
import { WeightsUnreadable } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { IRParam } from '../ir/graph.js';
import { bindWeights } from './bind.js';
import { parseSafetensors } from './safetensors.js';
import type { WeightSource } from './source.js';

export interface LoadedWeights {
  readonly weights?: WeightSource;
  readonly diagnostics: Diagnostic[];
}

/** Reads a safetensors file and binds it to `params`; every failure is a VN4xx diagnostic. */
export async function loadWeights(
  file: string,
  params: readonly IRParam[],
  options: { readonly displayPath?: string; readonly prefix?: string } = {},
): Promise<LoadedWeights> {
  const shown = options.displayPath ?? file;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : String((error as Error).message);
    return { diagnostics: [diagnose(WeightsUnreadable, { path: shown, reason })] };
  }
  const parsed = parseSafetensors(bytes);
  if (!parsed.ok) return { diagnostics: [diagnose(WeightsUnreadable, { path: shown, reason: parsed.error })] };
  return bindWeights(params, parsed.value, { path: shown, ...(options.prefix !== undefined ? { prefix: options.prefix } : {}) });
}

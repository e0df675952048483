import { readBounded } from '../../io/read-bounded.js';
import { fileReason } from '../../io/reason.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { NonFiniteWeights, WeightsLayoutRecognised, WeightsMapInvalid, WeightsUnreadable } from '../../base/diagnostics/codes.js';
import { nonFiniteTensors } from './non-finite.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import type { IRParam } from '../ir/graph.js';
import { bindWeights, detectPrefix, stripPrefix } from './bind.js';
import { parseWeightsMap } from './layouts/map-file.js';
import type { RenameRule } from './layouts/rules.js';
import { FORMAT_NAMES, readWeightsBytes } from './read.js';
import { renameTensors } from './rename.js';
import { resizeEmbeddings } from './resize-embeddings.js';
import type { WeightSource } from './source.js';

export interface LoadedWeights {
  readonly weights?: WeightSource;
  readonly diagnostics: Diagnostic[];
}

/** A checkpoint is read whole: 4 GiB of parameters (vnet's limit) and a header of up to 100 MiB. */
export const MAX_WEIGHTS_FILE_BYTES = 4 * 1024 ** 3 + 100 * 1024 ** 2;

export interface LoadOptions {
  /** The file as the user named it (for messages). */
  readonly displayPath?: string;
  /** --weights-prefix: strip this from every name. */
  readonly prefix?: string;
  /** --weights-key: the checkpoint entry that holds the state dict. */
  readonly key?: string;
  /** --weights-map: a file of rename rules (layouts/map-file.ts). */
  readonly mapFile?: string;
  /** --weights-map as the user named it (for messages). */
  readonly mapShown?: string;
  /** --resize-embeddings (weights/resize-embeddings.ts). */
  readonly resizeEmbeddings?: boolean;
}

/**
 * Reads a safetensors file or a PyTorch checkpoint, maps its names to the network's (the layout the
 * names show, or --weights-map) and binds it to `params`; every failure is a VN4xx diagnostic.
 */
export async function loadWeights(file: string, params: readonly IRParam[], options: LoadOptions = {}): Promise<LoadedWeights> {
  const shown = options.displayPath ?? file;
  const bytes = await readBytes(file, shown);
  if (!bytes.ok) return { diagnostics: [bytes.diagnostic] };
  let map: { rules: readonly RenameRule[]; path: string } | undefined;
  if (options.mapFile !== undefined) {
    const mapShown = options.mapShown ?? options.mapFile;
    const text = await readBytes(options.mapFile, mapShown);
    if (!text.ok) return { diagnostics: [text.diagnostic] };
    const parsed = parseWeightsMap(new TextDecoder().decode(text.value));
    if (!parsed.ok) return { diagnostics: [diagnose(WeightsMapInvalid, { path: mapShown, line: parsed.line, reason: parsed.reason })] };
    map = { rules: parsed.rules, path: options.mapFile };
  }
  const read = readWeightsBytes(bytes.value, shown, options.key);
  if (!read.file) return { diagnostics: read.diagnostics };
  const wanted = new Set(params.map((p) => p.name));
  const renamed = renameTensors(read.file.tensors, wanted, map);
  const notes: Diagnostic[] = [...read.diagnostics];
  if (read.file.format !== 'safetensors' || renamed.layout !== undefined) {
    const counted = renamed.tensors.filter((t) => !t.name.endsWith('num_batches_tracked'));
    // counted as binding will match them: after --weights-prefix or the wrapper prefix it strips itself
    const prefix = options.prefix ?? detectPrefix(counted, params);
    notes.push(
      diagnose(WeightsLayoutRecognised, {
        path: shown,
        format: FORMAT_NAMES[read.file.format],
        ...(read.file.key !== undefined ? { key: read.file.key } : {}),
        ...(renamed.layout !== undefined ? { layout: renamed.layout } : {}),
        mapped: counted.filter((t) => wanted.has(stripPrefix(t.name, prefix))).length,
        total: counted.length,
      }),
    );
  }
  const resized = options.resizeEmbeddings ? resizeEmbeddings(renamed.tensors, params) : { tensors: renamed.tensors, diagnostics: [] };
  notes.push(...resized.diagnostics);
  const bound = bindWeights(params, resized.tensors, { path: shown, ...(options.prefix !== undefined ? { prefix: options.prefix } : {}) });
  if (!bound.weights) return { diagnostics: [...notes, ...bound.diagnostics] };
  const nonFinite = nonFiniteTensors(resized.tensors, wanted, options.prefix);
  if (nonFinite.length > 0) notes.push(diagnose(NonFiniteWeights, { path: shown, tensors: nonFinite }));
  return { weights: bound.weights, diagnostics: [...notes, ...bound.diagnostics] };
}

export type Bytes = { ok: true; value: Uint8Array } | { ok: false; diagnostic: Diagnostic };

/** A file's bytes, or VN401 naming it as `shown`. */
export async function readBytes(file: string, shown: string): Promise<Bytes> {
  try {
    return { ok: true, value: await readBounded(file, MAX_WEIGHTS_FILE_BYTES) };
  } catch (error) {
    return { ok: false, diagnostic: diagnose(WeightsUnreadable, { path: shown, reason: fileReason(error) }) };
  }
}

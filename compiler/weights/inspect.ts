/** What a weights file holds, for `vnetc weights FILE`: format, keys, tensors by dtype, layout. */
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import { detectLayout } from './layouts/layouts.js';
import { FORMAT_NAMES, readWeightsBytes } from './read.js';
import { elementCount } from './source.js';
import { FLOAT_DTYPES, type NamedTensor } from './tensor.js';

export interface WeightsInfo {
  readonly format: string;
  readonly fileKeys: readonly string[];
  /** The entry holding the state dict, when not the file itself. */
  readonly key?: string;
  readonly tensors: readonly NamedTensor[];
  /** Tensors per dtype, e.g. { F32: 320, I64: 53 }. */
  readonly dtypes: Readonly<Record<string, number>>;
  /** Elements of the float tensors, BatchNorm's counters excluded. */
  readonly parameters: number;
  /** The recognised layout's title, or undefined for names used as they are. */
  readonly layout?: string;
}

export function describeWeights(bytes: Uint8Array, path: string, key?: string): { info?: WeightsInfo; diagnostics: Diagnostic[] } {
  const read = readWeightsBytes(bytes, path, key);
  if (!read.file) return { diagnostics: read.diagnostics };
  const { tensors } = read.file;
  const dtypes: Record<string, number> = {};
  let parameters = 0;
  for (const t of tensors) {
    dtypes[t.dtype] = (dtypes[t.dtype] ?? 0) + 1;
    if (!t.name.endsWith('num_batches_tracked') && FLOAT_DTYPES.has(t.dtype)) parameters += elementCount(t.shape);
  }
  const layout = detectLayout(tensors.map((t) => t.name));
  return {
    info: {
      format: FORMAT_NAMES[read.file.format],
      fileKeys: read.file.fileKeys,
      ...(read.file.key !== undefined ? { key: read.file.key } : {}),
      tensors,
      dtypes,
      parameters,
      ...(layout ? { layout: layout.title } : {}),
    },
    diagnostics: read.diagnostics,
  };
}

import { labelOf } from './labels.js';
import type { OrtTensor } from '../ort/ort.js';
import { fromOrtTensor, type HostTensor } from './tensors.js';
import { topKPerItem } from '../portable/top-k.js';

export interface RankedClass {
  readonly index: number;
  readonly score: number;
  readonly label?: string;
}

/** One model output: its host value and, per batch item, its top-k classes. */
export interface RankedOutput {
  readonly name: string;
  readonly dims: readonly number[];
  readonly type: string;
  /** Absent when the output is not a numeric tensor vnet can read. */
  readonly tensor?: HostTensor;
  readonly top: RankedClass[][];
}

export function rankOutputs(
  results: Readonly<Record<string, OrtTensor | undefined>>,
  names: readonly string[],
  k: number,
  labels?: readonly string[],
): RankedOutput[] {
  return names.map((name) => {
    const value = results[name];
    const tensor = value ? fromOrtTensor(value) : undefined;
    const dims = value ? [...value.dims] : [];
    const type = value?.type ?? 'unknown';
    if (tensor === undefined) return { name, dims, type, top: [] };
    const scores = tensor.type === 'float32' ? tensor.data : Float64Array.from(tensor.data, Number);
    const top = topKPerItem(scores, tensor.dims, k).map((row) =>
      row.map((r) => {
        const label = labelOf(labels, r.index);
        return label === undefined ? r : { ...r, label };
      }),
    );
    return { name, dims, type, tensor, top };
  });
}

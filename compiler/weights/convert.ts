/**
 * `vnetc weights FILE --to out.safetensors [--for net.vnet]`: the file's float tensors as a
 * safetensors file. With a network, its parameters exactly (bound strictly, as `compile --weights`
 * does) under its names; without one, every float tensor under the names its layout maps to.
 */
import { diagnose } from '../../base/diagnostics/code.js';
import { CheckpointDamaged } from '../../base/diagnostics/codes.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import type { IRParam } from '../ir/graph.js';
import { loadWeights, type LoadOptions } from './load.js';
import { readWeightsBytes } from './read.js';
import { renameTensors } from './rename.js';
import { writeSafetensors, type TensorToWrite } from './safetensors-write.js';
import { FLOAT_DTYPES } from './tensor.js';

export interface Converted {
  readonly bytes?: Uint8Array;
  readonly count: number;
  readonly diagnostics: Diagnostic[];
}

export async function convertForNetwork(file: string, params: readonly IRParam[], options: LoadOptions): Promise<Converted> {
  const loaded = await loadWeights(file, params, options);
  if (!loaded.weights) return { count: 0, diagnostics: loaded.diagnostics };
  const tensors: Record<string, TensorToWrite> = {};
  for (const p of params) tensors[p.name] = { dtype: 'F32', shape: p.shape, data: loaded.weights.tensor(p) };
  return { bytes: writeSafetensors(tensors), count: params.length, diagnostics: loaded.diagnostics };
}

export function convertAll(bytes: Uint8Array, path: string, key?: string): Converted {
  const read = readWeightsBytes(bytes, path, key);
  if (!read.file) return { count: 0, diagnostics: read.diagnostics };
  const renamed = renameTensors(read.file.tensors, new Set());
  const tensors: Record<string, TensorToWrite> = {};
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  for (const t of renamed.tensors) {
    if (!FLOAT_DTYPES.has(t.dtype) || t.name.endsWith('num_batches_tracked')) continue;
    const values = t.read();
    if (!values.ok) return { count: 0, diagnostics: readProblem(path, values.error) };
    tensors[t.name] = { dtype: 'F32', shape: t.shape, data: values.value };
  }
  return { bytes: writeSafetensors(tensors), count: Object.keys(tensors).length, diagnostics };
}

function readProblem(path: string, reason: string): Diagnostic[] {
  return [diagnose(CheckpointDamaged, { path, reason })];
}

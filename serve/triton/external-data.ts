/**
 * The external-data files a model's tensors point at. They go into the version folder under the same
 * names, and only when io/external-data.ts allows them (plain names beside the model, regular files,
 * not the model nor another input, holding exactly the model's tensors); anything else is a problem,
 * never a file copied or a repository Triton fails to load.
 */
import { externalTensors } from '../../contract/external-tensors.js';
import { ExternalDataRefusal, checkExternalData, type DataFile } from '../../io/external-data.js';
import { type Exported, unservable } from './problems.js';

export function externalDataFiles(bytes: Uint8Array, modelPath: string, inputs: readonly string[]): Exported<DataFile[]> {
  const found = externalTensors(bytes);
  if (!found.ok) return unservable(found.reason);
  try {
    return { ok: true, value: checkExternalData(modelPath, found.tensors, inputs) };
  } catch (error) {
    if (!(error instanceof ExternalDataRefusal)) throw error;
    return { ok: false, problem: { kind: 'external-data', location: error.location, reason: error.reason } };
  }
}

/**
 * One model's folder of a Triton repository: config.pbtxt, 1/model.onnx with its external data, and
 * labels when the model carries them. Online models (those whose contract lists caches) get the
 * sequence batcher with implicit state; the others the dynamic batcher.
 */
import { readContract } from '../../contract/model-contract.js';
import type { CachePair } from '../../contract/caches.js';
import type { ModelConfig } from './config.js';
import { LABELS_FILE, classLabels, clientParameters } from './contract-facts.js';
import { externalDataFiles } from './external-data.js';
import { offlineConfig } from './offline-config.js';
import { onlineConfig, zeroPointFile } from './online-config.js';
import { decodeOnnx, modelIO, onnx } from './onnx-model.js';
import type { ServeOptions } from './options.js';
import { writeTextFormat } from './pbtxt.js';
import { type Exported, unservable } from './problems.js';
import { renameValues } from './rename-values.js';
import { modelConfigType } from './schema.js';
import { tritonStateNames } from './state-names.js';

/** A file of the model's folder, by its path relative to the folder. */
export type RepoFile = { readonly path: string; readonly bytes: Uint8Array } | { readonly path: string; readonly copyFrom: string };

export interface ModelDirectory {
  readonly name: string;
  readonly kind: 'online' | 'offline';
  readonly config: ModelConfig;
  readonly files: readonly RepoFile[];
  /** Online models whose cache names had to be renamed for Triton (issue #8586). */
  readonly renamedStates: boolean;
}

export const VERSION = '1';

/** The `initial_state/` files the config names: each such int8 cache's zero point, in every element of one row. */
function initialStateFiles(config: ModelConfig, caches: readonly CachePair[]): RepoFile[] {
  return (config.sequence_batching?.state ?? []).flatMap((state) => {
    const pair = caches.find((p) => p.input === state.input_name);
    const zero = pair?.quant?.zeroPoint ?? 0;
    if (!pair || zero === 0) return [];
    return [{ path: `initial_state/${zeroPointFile(pair)}`, bytes: new Uint8Array(state.dims.reduce((n, d) => n * d, 1)).fill(zero) }];
  });
}

export function exportModel(modelPath: string, bytes: Uint8Array, name: string, options: ServeOptions): Exported<ModelDirectory> {
  const decoded = decodeOnnx(bytes);
  if (!decoded.ok) return unservable(decoded.error);
  const model = decoded.model;
  const contract = readContract(modelIO(model).metadata);
  if (!contract.ok) return unservable(contract.error);
  let modelBytes = bytes;
  let caches: readonly CachePair[] | undefined = contract.value.caches;
  let renamedStates = false;
  if (caches) {
    const named = tritonStateNames(caches);
    renamedStates = named.some((p, i) => p.input !== caches?.[i]?.input);
    if (renamedStates) {
      const renames = new Map(caches.flatMap((p, i) => [[p.input, named[i]?.input ?? p.input], [p.output, named[i]?.output ?? p.output]] as const));
      renameValues(model, renames);
      modelBytes = onnx.ModelProto.encode(model).finish();
    }
    caches = named;
  }
  const labels = classLabels(contract.value);
  const facts = { name, options, parameters: clientParameters(contract.value), labels: labels !== undefined };
  const io = modelIO(model);
  const config = caches ? onlineConfig(io, caches, facts) : offlineConfig(io, facts);
  if (!config.ok) return config;
  const data = externalDataFiles(model, modelPath);
  if (!data.ok) return data;
  const files: RepoFile[] = [
    { path: 'config.pbtxt', bytes: new TextEncoder().encode(writeTextFormat(modelConfigType(), config.value)) },
    { path: `${VERSION}/model.onnx`, bytes: modelBytes },
    ...data.value.map((d) => ({ path: `${VERSION}/${d.location}`, copyFrom: d.source })),
    ...(labels ? [{ path: LABELS_FILE, bytes: new TextEncoder().encode(`${labels.join('\n')}\n`) }] : []),
    ...initialStateFiles(config.value, caches ?? []),
  ];
  return { ok: true, value: { name, kind: caches ? 'online' : 'offline', config: config.value, files, renamedStates } };
}

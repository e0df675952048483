/**
 * One model's folder of a Triton repository: config.pbtxt, 1/model.onnx with its external data, and
 * labels when the model carries them. Online models (those whose contract lists caches) get the
 * sequence batcher with implicit state; the others the dynamic batcher.
 */
import { readContract } from '../../contract/model-contract.js';
import type { CachePair } from '../../contract/caches.js';
import type { ModelConfig } from './config.js';
import { LABELS_FILE, classLabels, clientParameters, labelsFile } from './contract-facts.js';
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

/** A file of the model's folder, by its path relative to the folder: bytes, or a copy of a file of `size` bytes. */
export type RepoFile = { readonly path: string; readonly bytes: Uint8Array } | { readonly path: string; readonly copyFrom: string; readonly size: number };

export interface ModelDirectory {
  readonly name: string;
  readonly kind: 'online' | 'offline';
  readonly config: ModelConfig;
  readonly files: readonly RepoFile[];
  /** Online models whose cache names had to be renamed for Triton (issue #8586). */
  readonly renamedStates: boolean;
  /** The external data files copied beside model.onnx, as the model names them. */
  readonly dataFiles: readonly string[];
  /** The labels written to labels.txt (none when the model carries none). */
  readonly labels: number;
  /** The target the model was compiled for (`vnet.target`), when it says. */
  readonly target?: string;
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

/** `inputs`: the command's other files, which the model's external data may not name. */
export function exportModel(
  modelPath: string,
  bytes: Uint8Array,
  name: string,
  options: ServeOptions,
  inputs: readonly string[] = [],
): Exported<ModelDirectory> {
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
      const renames = new Map(
        caches.flatMap(
          (p, i) =>
            [
              [p.input, named[i]?.input ?? p.input],
              [p.output, named[i]?.output ?? p.output],
            ] as const,
        ),
      );
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
  const labelled = config.value.output.find((o) => o.label_filename !== undefined);
  const labelBytes = labels && labelled ? labelsFile(labels, labelled) : undefined;
  if (labelBytes && !labelBytes.ok) return labelBytes;
  const data = externalDataFiles(bytes, modelPath, inputs);
  if (!data.ok) return data;
  const files: RepoFile[] = [
    { path: 'config.pbtxt', bytes: new TextEncoder().encode(writeTextFormat(modelConfigType(), config.value)) },
    { path: `${VERSION}/model.onnx`, bytes: modelBytes },
    ...data.value.map((d) => ({ path: `${VERSION}/${d.location}`, copyFrom: d.path, size: d.size })),
    ...(labelBytes ? [{ path: LABELS_FILE, bytes: labelBytes.value }] : []),
    ...initialStateFiles(config.value, caches ?? []),
  ];
  const dataFiles = data.value.map((d) => d.location);
  const target = contract.value.target;
  const value = {
    name,
    kind: caches ? 'online' : 'offline',
    config: config.value,
    files,
    renamedStates,
    dataFiles,
    labels: labelBytes ? (labels?.length ?? 0) : 0,
  } as const;
  return { ok: true, value: target === undefined ? value : { ...value, target } };
}

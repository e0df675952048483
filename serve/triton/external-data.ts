/**
 * The external-data files a model's initializers point at (`location` beside the .onnx file). They go
 * into the version folder under the same relative names; a location that leaves the model's folder or a
 * file that is missing is an error, never a repository Triton fails to load.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { OnnxModel } from './onnx-model.js';
import { type Exported, unservable } from './problems.js';

const EXTERNAL = 1;

export interface DataFile {
  /** As the model names it, relative to model.onnx. */
  readonly location: string;
  /** Where it is now. */
  readonly source: string;
}

export function externalDataFiles(model: OnnxModel, modelPath: string): Exported<DataFile[]> {
  const locations = new Set<string>();
  for (const tensor of model.graph?.initializer ?? []) {
    if (tensor.dataLocation !== EXTERNAL) continue;
    const location = (tensor.externalData ?? []).find((e) => e.key === 'location')?.value;
    if (!location) return unservable(`initializer '${tensor.name}' is external but names no location`);
    locations.add(location);
  }
  const files: DataFile[] = [];
  for (const location of locations) {
    const normal = path.posix.normalize(location.split(path.sep).join('/'));
    if (path.isAbsolute(location) || normal.startsWith('../') || normal === '..' || normal.includes('/')) {
      return unservable(`external data location '${location}' is not a file beside the model`);
    }
    const source = path.join(path.dirname(modelPath), normal);
    if (!existsSync(source)) return unservable(`its external data '${location}' is not beside it`);
    files.push({ location: normal, source });
  }
  return { ok: true, value: files };
}

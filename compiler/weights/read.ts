/**
 * Reads a weights file into named tensors, recognising its format by content: safetensors (an
 * 8-byte header length, then a JSON object) or a PyTorch checkpoint (zip, or the legacy pickle
 * format), whatever the file is called. For a checkpoint, the state dict is chosen inside it.
 */
import { diagnose } from '../../base/diagnostics/code.js';
import {
  CheckpointDamaged,
  CheckpointKeyRepeated,
  CheckpointLimit,
  SafetensorsDamaged,
  StateDictNotFound,
  WeightsKeyNotFound,
  WeightsRefusedGlobal,
} from '../../base/diagnostics/codes.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import { parseSafetensors, safetensorsTensors } from './safetensors.js';
import type { NamedTensor } from './tensor.js';
import { readTorchCheckpoint } from './torch/checkpoint.js';
import { selectTensors } from './torch/state-dict.js';
import { isZip } from './torch/zip.js';

export type WeightsFormat = 'safetensors' | 'torch-zip' | 'torch-legacy';

export const FORMAT_NAMES: Readonly<Record<WeightsFormat, string>> = {
  safetensors: 'safetensors',
  'torch-zip': 'PyTorch checkpoint (zip)',
  'torch-legacy': 'PyTorch checkpoint (legacy format)',
};

export interface WeightsFile {
  readonly format: WeightsFormat;
  /** The entry of the checkpoint that held the state dict, if not the file itself. */
  readonly key?: string;
  /** The checkpoint's top-level keys (empty for safetensors). */
  readonly fileKeys: readonly string[];
  readonly tensors: readonly NamedTensor[];
}

export type WeightsRead =
  | { readonly file: WeightsFile; readonly diagnostics: Diagnostic[] }
  | { readonly file?: undefined; readonly diagnostics: Diagnostic[] };

export function isSafetensors(bytes: Uint8Array): boolean {
  return bytes.length >= 9 && bytes[8] === 0x7b; // '{' opens the JSON header
}

export function readWeightsBytes(bytes: Uint8Array, path: string, key?: string): WeightsRead {
  if (!isZip(bytes) && (isSafetensors(bytes) || bytes.length < 9)) {
    if (key !== undefined) return { diagnostics: [diagnose(WeightsKeyNotFound, { path, key, keys: [] })] };
    const parsed = parseSafetensors(bytes);
    if (!parsed.ok) return { diagnostics: [diagnose(parsed.limit ? CheckpointLimit : SafetensorsDamaged, { path, reason: parsed.error })] };
    return { file: { format: 'safetensors', fileKeys: [], tensors: safetensorsTensors(parsed.value) }, diagnostics: [] };
  }
  const checkpoint = readTorchCheckpoint(bytes);
  if (!checkpoint.ok) return { diagnostics: [diagnose(checkpoint.limit ? CheckpointLimit : CheckpointDamaged, { path, reason: checkpoint.error })] };
  const selected = selectTensors(checkpoint.value, key);
  if (!selected.ok) {
    if (selected.refused !== undefined)
      return { diagnostics: [diagnose(WeightsRefusedGlobal, { path, where: selected.where ?? 'the file', global: selected.refused })] };
    if (selected.missingKey !== undefined)
      return { diagnostics: [diagnose(WeightsKeyNotFound, { path, key: selected.missingKey, keys: selected.keys ?? [] })] };
    return { diagnostics: [diagnose(StateDictNotFound, { path, reason: selected.error })] };
  }
  const { key: chosen, fileKeys, tensors, repeated } = selected.value;
  return {
    file: { format: checkpoint.value.format, ...(chosen !== undefined ? { key: chosen } : {}), fileKeys, tensors },
    diagnostics: repeated ? [diagnose(CheckpointKeyRepeated, { path, ...repeated })] : [],
  };
}

import { CONTRACT_KEYS } from './keys.js';
import type { Result } from '../base/result.js';

/** The class names of the model's output, index = class number. */
export function encodeLabels(labels: readonly string[]): string {
  return JSON.stringify(labels);
}

export function parseLabelList(text: string): Result<string[]> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, error: `metadata '${CONTRACT_KEYS.labels}' is not JSON` };
  }
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
    return { ok: false, error: `metadata '${CONTRACT_KEYS.labels}' must be a list of strings` };
  }
  return { ok: true, value: v as string[] };
}

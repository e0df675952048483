import { CONTRACT_KEYS } from './keys.js';
import type { Result } from '../base/result.js';

/**
 * Where a model's weights came from: a checkpoint loaded with `vnetc compile --weights` (trained), or
 * the seeded initial values vnet gives every parameter without one (untrained: its classes mean nothing).
 */
export type WeightsOrigin = { readonly trained: true; readonly file: string } | { readonly trained: false; readonly seed: number };

export function encodeWeightsOrigin(origin: WeightsOrigin): string {
  return JSON.stringify(origin);
}

export function parseWeightsOrigin(text: string): Result<WeightsOrigin> {
  const bad = (why: string): Result<WeightsOrigin> => ({ ok: false, error: `metadata '${CONTRACT_KEYS.weights}' ${why}` });
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return bad('is not JSON');
  }
  const o = (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {}) as Record<string, unknown>;
  if (o['trained'] === true && typeof o['file'] === 'string') return { ok: true, value: { trained: true, file: o['file'] } };
  const seed = o['seed'];
  if (o['trained'] === false && typeof seed === 'number' && Number.isSafeInteger(seed)) return { ok: true, value: { trained: false, seed } };
  return bad('must be {"trained": true, "file": NAME} or {"trained": false, "seed": N}');
}

/**
 * The contract entry of a compile: with `--weights FILE`, trained from that file (its name only, as
 * `vnet.source` keeps the source's); without, seeded with `seed` (the compiler's default, 0).
 */
export function weightsMetadata(file: string | undefined, seed = 0): Record<string, string> {
  const origin: WeightsOrigin = file !== undefined ? { trained: true, file: file.split(/[\\/]/).pop() ?? file } : { trained: false, seed };
  return { [CONTRACT_KEYS.weights]: encodeWeightsOrigin(origin) };
}

import { CONTRACT_KEYS } from './keys.js';
import type { Result } from '../base/result.js';

/** The NCHWc block (channels per block) an `ort-cpu` blocked model needs: 8 (AVX2) or 16 (AVX-512). */
export function encodeNchwcBlock(block: number): string {
  return String(block);
}

export function parseNchwcBlock(text: string): Result<number> {
  const block = Number(text);
  if (!/^[1-9][0-9]{0,3}$/.test(text) || !Number.isInteger(block)) {
    return { ok: false, error: `metadata '${CONTRACT_KEYS.nchwcBlock}' must be a positive whole number of channels, found '${text}'` };
  }
  return { ok: true, value: block };
}

import { CONTRACT_KEYS } from './keys.js';

/** One cache of an online model: the input that takes it, and the output that returns its next value. */
export interface CachePair {
  readonly input: string;
  readonly output: string;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export function encodeCachePairs(pairs: readonly CachePair[]): string {
  return JSON.stringify(pairs);
}

/** The cache pairs written by `encodeCachePairs`; the error is one line naming the key. */
export function parseCachePairs(text: string): Parsed<CachePair[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    return { ok: false, error: `metadata '${CONTRACT_KEYS.onlineCaches}' is not JSON: ${reason}` };
  }
  if (!Array.isArray(parsed) || !parsed.every(isCachePair)) {
    return { ok: false, error: `metadata '${CONTRACT_KEYS.onlineCaches}' must be a list of {"input": ..., "output": ...}` };
  }
  return { ok: true, value: parsed.map((p) => ({ input: p.input, output: p.output })) };
}

function isCachePair(value: unknown): value is CachePair {
  const v = value as Partial<CachePair> | null;
  return typeof v === 'object' && v !== null && typeof v.input === 'string' && typeof v.output === 'string';
}

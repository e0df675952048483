import { CONTRACT_KEYS } from './keys.js';
import type { Result } from '../base/result.js';

/** One cache of an online model: the input that takes it, and the output that returns its next value. */
export interface CachePair {
  readonly input: string;
  readonly output: string;
  /**
   * Present on an int8 model's caches: uint8 values x = scale * (q - zero_point), in NHWC order
   * `[N, H, W, C]`. A new stream starts from the zero point (the quantized 0), not from byte 0.
   */
  readonly quant?: CacheQuant;
}

export interface CacheQuant {
  readonly dtype: 'uint8';
  readonly scale: number;
  readonly zeroPoint: number;
  readonly layout: 'nhwc';
}

export function encodeCachePairs(pairs: readonly CachePair[]): string {
  return JSON.stringify(
    pairs.map((p) => ({
      input: p.input,
      output: p.output,
      ...(p.quant ? { dtype: p.quant.dtype, scale: p.quant.scale, zero_point: p.quant.zeroPoint, layout: p.quant.layout } : {}),
    })),
  );
}

/** The cache pairs written by `encodeCachePairs`; the error is one line naming the key. */
export function parseCachePairs(text: string): Result<CachePair[]> {
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
  if (!parsed.every(hasValidQuant)) {
    return { ok: false, error: `metadata '${CONTRACT_KEYS.onlineCaches}': a uint8 cache needs "scale" > 0, "zero_point" 0..255 and "layout": "nhwc"` };
  }
  return {
    ok: true,
    value: parsed.map((p) => ({
      input: p.input,
      output: p.output,
      ...(p.dtype === 'uint8'
        ? { quant: { dtype: 'uint8' as const, scale: p.scale as number, zeroPoint: p.zero_point as number, layout: 'nhwc' as const } }
        : {}),
    })),
  };
}

interface CachePairJson {
  readonly input: string;
  readonly output: string;
  readonly dtype?: unknown;
  readonly scale?: unknown;
  readonly zero_point?: unknown;
  readonly layout?: unknown;
}

function isCachePair(value: unknown): value is CachePairJson {
  const v = value as Partial<CachePairJson> | null;
  return typeof v === 'object' && v !== null && typeof v.input === 'string' && typeof v.output === 'string';
}

function hasValidQuant(p: CachePairJson): boolean {
  if (p.dtype === undefined) return p.scale === undefined && p.zero_point === undefined;
  const zero = p.zero_point;
  return (
    p.dtype === 'uint8' &&
    typeof p.scale === 'number' &&
    p.scale > 0 &&
    Number.isFinite(p.scale) &&
    typeof zero === 'number' &&
    Number.isInteger(zero) &&
    zero >= 0 &&
    zero <= 255 &&
    p.layout === 'nhwc'
  );
}

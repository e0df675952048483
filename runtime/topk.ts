/** One ranked class: its index in the row and its score. */
export interface Ranked {
  readonly index: number;
  readonly score: number;
}

/** The `k` highest scores, highest first; ties keep the lower index first and NaN ranks last. */
export function topK(scores: ArrayLike<number>, k: number): Ranked[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  const key = (i: number): number => {
    const s = scores[i] ?? NaN;
    return Number.isNaN(s) ? -Infinity : s;
  };
  order.sort((a, b) => key(b) - key(a) || a - b);
  return order.slice(0, Math.max(0, k)).map((index) => ({ index, score: scores[index] ?? NaN }));
}

/**
 * Top-k per batch item of an output: the first dimension is the batch and the rest, flattened,
 * is one row of scores. A rank-0 or rank-1 output is a single row.
 */
export function topKPerItem(data: ArrayLike<number>, dims: readonly number[], k: number): Ranked[][] {
  const items = dims.length >= 2 ? (dims[0] ?? 1) : 1;
  const row = items === 0 ? 0 : data.length / items;
  const result: Ranked[][] = [];
  for (let b = 0; b < items; b++) {
    result.push(topK(Array.prototype.slice.call(data, b * row, (b + 1) * row) as number[], k));
  }
  return result;
}

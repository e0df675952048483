/** One ranked class: its index in the row and its score. */
export interface Ranked {
  readonly index: number;
  readonly score: number;
}

/**
 * The `k` highest scores, highest first. One rule for node and the page: ties keep the lower index
 * first, and NaN ranks below every number (-Infinity included), NaNs by index among themselves.
 */
export function topK(scores: ArrayLike<number>, k: number): Ranked[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => compareScores(scores[a] ?? NaN, scores[b] ?? NaN) || a - b);
  return order.slice(0, Math.max(0, k)).map((index) => ({ index, score: scores[index] ?? NaN }));
}

/** Negative when `a` ranks before `b`: the higher number first, NaN after every number. */
function compareScores(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number(Number.isNaN(a)) - Number(Number.isNaN(b));
  return a === b ? 0 : a > b ? -1 : 1;
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

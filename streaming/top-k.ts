/** The k largest scores as [index, score], largest first (ties: lower index first). */
export function topK(scores: Float32Array, k: number): [number, number][] {
  const order = Array.from(scores.keys()).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  return order.slice(0, k).map((i) => [i, scores[i] as number]);
}

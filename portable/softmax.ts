/**
 * Probabilities from scores, as `torch.softmax` computes them: exp(x - max) / sum, in float64. A row
 * with NaN gives NaN everywhere (as torch does); +Infinity takes all the mass.
 */
export function softmax(logits: ArrayLike<number>): Float64Array {
  const n = logits.length;
  const out = new Float64Array(n);
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, logits[i] as number);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = logits[i] as number;
    // exp(inf - inf) is NaN: an infinite score is the whole distribution, split among its equals.
    const e = max === Infinity ? (v === Infinity ? 1 : 0) : Math.exp(v - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < n; i++) out[i] = (out[i] as number) / sum;
  return out;
}

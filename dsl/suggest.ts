/**
 * "Did you mean ...?": the one suggestion rule, for syntax (keywords) and names alike. The nearest
 * candidate within a third of the word's length (at least 1, at most 3 edits; an adjacent swap is one
 * edit, a change of case half of one); a one- or two-letter word (N, B, x) is a typo of nearly anything,
 * so only a case change is suggested for it. A word longer than MAX_WORD gets no suggestion (nobody
 * mistypes a 200-character name, and comparing two long words costs the product of their lengths).
 */
export const MAX_WORD = 128;

export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_WORD) return undefined;
  if (word.length <= 2) return [...candidates].find((c) => c !== word && c.toLowerCase() === word.toLowerCase());
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    if (c === word) continue;
    const d = c.toLowerCase() === word.toLowerCase() ? 0.5 : editDistance(word, c, bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Damerau-Levenshtein distance (adjacent swaps count once), giving up past `cap`. */
export function editDistance(a: string, b: string, cap = Infinity): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1);
      row.push(d);
    }
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * While a file does not parse (a half-typed line), the checker elaborates nothing and would have no
 * shapes to show. The last analysis that did parse lends its shapes: text before and after the edited
 * region is unchanged, so its spans move by the edit's length; shapes inside the edited region are dropped.
 */
import type { Observed } from '../compiler/check/observe.js';
import type { Analysis } from './analysis.js';

export function carryShapes(fresh: Analysis, good: Analysis): Analysis {
  const observed = new Map<string, readonly Observed[]>(fresh.observed);
  for (const [file, seen] of good.observed) {
    if (observed.has(file)) continue;
    const before = good.result.sources.get(file)?.text;
    const now = fresh.result.sources.get(file);
    if (before === undefined || !now) continue;
    const move = mover(before, now.text);
    const moved: Observed[] = [];
    for (const o of seen) {
      const span = move(o.span.start, o.span.end);
      if (span) moved.push({ ...o, span: now.span(span[0], span[1]) });
    }
    observed.set(file, moved);
  }
  return { ...fresh, observed };
}

/**
 * Maps a span of `before` to `after`: unchanged when it ends before the edited region, moved when it
 * starts after it, undefined when it overlaps it (an insertion strictly inside it counts).
 */
function mover(before: string, after: string): (start: number, end: number) => [number, number] | undefined {
  let prefix = 0;
  const limit = Math.min(before.length, after.length);
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < limit - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const delta = after.length - before.length;
  const changedEnd = before.length - suffix;
  return (start, end) => (end <= prefix ? [start, end] : start >= changedEnd ? [start + delta, end + delta] : undefined);
}

/**
 * Names for Triton's implicit states. Triton pairs a sequence's state outputs with its state inputs by
 * their positions in two name-sorted maps (triton-inference-server/server issue #8586), not by the
 * configured pairs: if `a.cache` sorts before `a.cache.x.cache` but `a.cache.x.cache_next` sorts before
 * `a.cache_next`, the states swap on the second request. vnet's names almost always sort alike; when
 * they do not, every state gets a numbered prefix in input order, which sorts alike by construction.
 */
import type { CachePair } from '../../contract/caches.js';

/** True when sorting the pairs by input name also sorts them by output name. */
export function sortsAlike(pairs: readonly CachePair[]): boolean {
  const byInput = [...pairs].sort((a, b) => compare(a.input, b.input));
  return byInput.every((p, i) => i === 0 || compare((byInput[i - 1] as CachePair).output, p.output) < 0);
}

/** The pairs Triton will see: unchanged when they sort alike, else `state.00.<input>` / `state.00.<output>`. */
export function tritonStateNames(pairs: readonly CachePair[]): CachePair[] {
  if (sortsAlike(pairs)) return pairs.map((p) => ({ ...p }));
  const width = String(pairs.length - 1).length;
  return pairs.map((p, i) => {
    const prefix = `state.${String(i).padStart(width, '0')}.`;
    return { ...p, input: prefix + p.input, output: prefix + p.output };
  });
}

/** Byte order, as std::map<std::string, ...> sorts: not localeCompare. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * How much work elaborating one network may do. A hostile or mistyped file (`for` loops nested
 * 100,000 x 100,000, a chain of a thousand blocks) ends in a diagnostic at the loop or call that ran
 * out, never in hours of work or a stack overflow. Real networks stay far below every limit
 * (TimeSformer-Base runs about 2,000 statements).
 */
export const ELABORATION_LIMITS = {
  /** Iterations of one `for` statement, so a typo like `0..1e9` stops at once. */
  loopIterations: 100_000,
  /** Statements run and loop iterations, over the whole network, nested loops included. */
  steps: 1_000_000,
  /** Blocks inlined inside one another (each level costs native stack). */
  blockDepth: 200,
  /** Constants whose values wait on one another (`const A = B + 1` before B), which also costs native stack. */
  constantDepth: 200,
} as const;

/** The steps left for one network; `spend` says false once they are gone. */
export class ElaborationBudget {
  private used = 0;

  spend(steps = 1): boolean {
    this.used += steps;
    return this.used <= ELABORATION_LIMITS.steps;
  }
}

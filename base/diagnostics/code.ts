import type { Span } from '../span.js';
import type { Diagnostic, RelatedSpan, Severity } from './diagnostic.js';

export type ExitClass = 'usage' | 'input';

/**
 * The registry entry of one diagnostic code: its severity and the one place its text lives.
 * `A` is the data the message is built from, so callers pass facts, never prose.
 */
export interface DiagnosticCode<A> {
  readonly code: string;
  /**
   * What the code says about the run: `usage` (the command could not do its job: a bad option, a file
   * that cannot be read or written; exit 2) or `input` (a problem in the program, model or data; exit 1).
   */
  readonly exit: ExitClass;
  readonly severity: Severity;
  /** A few words naming the kind of problem (used by SARIF rules and docs). */
  readonly title: string;
  readonly message: (args: A) => string;
  readonly hint?: (args: A) => string | undefined;
}

export function defineCode<A>(spec: DiagnosticCode<A>): DiagnosticCode<A> {
  return spec;
}

/** Builds a diagnostic from a registry entry; the only way diagnostics are made. */
export function diagnose<A>(code: DiagnosticCode<A>, args: A, span?: Span, related?: readonly RelatedSpan[], hintOverride?: string): Diagnostic {
  const hint = hintOverride ?? code.hint?.(args);
  return {
    code: code.code,
    severity: code.severity,
    message: code.message(args),
    ...(span ? { span } : {}),
    ...(related && related.length > 0 ? { related } : {}),
    ...(hint ? { hint } : {}),
  };
}

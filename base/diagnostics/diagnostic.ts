import type { Span } from '../span.js';

export type Severity = 'error' | 'warning' | 'note';

export interface RelatedSpan {
  readonly span: Span;
  readonly message: string;
}

/**
 * One problem found in a user's program. Plain data: formatters turn it into text,
 * JSON, GitHub annotations or SARIF; nothing about it depends on how it is shown.
 */
export interface Diagnostic {
  /** Stable code registered in codes.ts, e.g. `VN101`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Where the problem is. Absent only for problems with no place in a file (e.g. a bad --set). */
  readonly span?: Span;
  readonly related?: readonly RelatedSpan[];
  /** How to fix it, when a likely fix exists. */
  readonly hint?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

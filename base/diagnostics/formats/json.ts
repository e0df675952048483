import type { Span } from '../../span.js';
import type { Diagnostic } from '../diagnostic.js';
import { countProblems, type Formatter } from './format.js';

/**
 * The stable JSON contract, documented in docs/diagnostics-json.md. Add fields only;
 * never rename or remove one without bumping `version`.
 */
export interface JsonReport {
  readonly version: 1;
  /** What `column` and `endColumn` count: UTF-16 code units, as LSP positions (SARIF's name for it). */
  readonly columnKind: 'utf16CodeUnits';
  readonly diagnostics: readonly JsonDiagnostic[];
  readonly summary: { readonly errors: number; readonly warnings: number };
}

/** Location fields are 1-based; the end is exclusive; all are null for a diagnostic with no place in a file. */
export interface JsonLocation {
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly endLine: number | null;
  readonly endColumn: number | null;
}

export interface JsonDiagnostic extends JsonLocation {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'note';
  readonly message: string;
  readonly hint?: string;
  readonly related: readonly (JsonLocation & { readonly message: string })[];
}

export const formatJson: Formatter = (diagnostics) => `${JSON.stringify(toJsonReport(diagnostics), null, 2)}\n`;

export function toJsonReport(diagnostics: readonly Diagnostic[]): JsonReport {
  return { version: 1, columnKind: 'utf16CodeUnits', diagnostics: diagnostics.map(toJsonDiagnostic), summary: countProblems(diagnostics) };
}

function toJsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  return {
    ...jsonLocation(d.span),
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...(d.hint !== undefined ? { hint: d.hint } : {}),
    related: (d.related ?? []).map((r) => ({ ...jsonLocation(r.span), message: r.message })),
  };
}

function jsonLocation(span: Span | undefined): JsonLocation {
  if (!span) return { file: null, line: null, column: null, endLine: null, endColumn: null };
  return { file: span.file, line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn };
}

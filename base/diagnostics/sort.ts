import type { Diagnostic } from './diagnostic.js';

/**
 * Diagnostics in reading order: those with no place in a file first (bad --set, missing file),
 * then by file, then by position. Stable, so diagnostics at the same place keep the order
 * in which the stages reported them.
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(compareDiagnostics);
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (!a.span || !b.span) return (a.span ? 1 : 0) - (b.span ? 1 : 0);
  if (a.span.file !== b.span.file) return a.span.file < b.span.file ? -1 : 1;
  return a.span.start - b.span.start || a.span.end - b.span.end;
}

import type { Source } from '../source.js';
import type { Span } from '../span.js';

/**
 * What a printed column counts. Spans hold UTF-16 columns (LSP's unit, and JavaScript's); people and
 * most compilers count characters (code points); Vim's quickfix and Emacs' compilation mode read
 * UTF-8 bytes. All are 1-based; they differ only on lines with text outside ASCII.
 */
export const COLUMN_UNITS = ['chars', 'bytes', 'utf16'] as const;
export type ColumnUnit = (typeof COLUMN_UNITS)[number];

/** The unit the text formats print by default. */
export const DEFAULT_COLUMN_UNIT: ColumnUnit = 'chars';

/** The 1-based column `utf16Column` of `lineText` counted in `unit` (past the line's end, one per missing unit). */
export function convertColumn(lineText: string, utf16Column: number, unit: ColumnUnit): number {
  if (unit === 'utf16') return utf16Column;
  const units = Math.max(utf16Column - 1, 0);
  const before = lineText.slice(0, units);
  const beyond = units - before.length;
  const counted = unit === 'chars' ? countCodePoints(before) : Buffer.byteLength(before, 'utf8');
  return counted + beyond + 1;
}

function countCodePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** A span's start and end, 1-based, in `unit`; the span as it is when its file's text is not at hand. */
export function spanColumns(
  span: Span,
  sources: ReadonlyMap<string, Source>,
  unit: ColumnUnit,
): { line: number; column: number; endLine: number; endColumn: number } {
  const source = sources.get(span.file);
  if (!source || unit === 'utf16') return { line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn };
  return {
    line: span.line,
    column: convertColumn(source.lineText(span.line), span.column, unit),
    endLine: span.endLine,
    endColumn: convertColumn(source.lineText(span.endLine), span.endColumn, unit),
  };
}

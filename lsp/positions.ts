/**
 * Offsets <-> LSP positions. vnet offsets are 0-based UTF-16 indices and spans carry 1-based
 * line/column in UTF-16 units, which is exactly what LSP's default position encoding counts.
 */
import type { Position, Range } from 'vscode-languageserver';
import type { Source } from '../base/source.js';
import type { Span } from '../base/span.js';

export function rangeOf(span: Span): Range {
  return {
    start: { line: span.line - 1, character: span.column - 1 },
    end: { line: span.endLine - 1, character: span.endColumn - 1 },
  };
}

/** The offset of an LSP position in a source, clamped to its line and to the text. */
export function offsetAt(source: Source, position: Position): number {
  const starts = source.lineStarts;
  if (position.line < 0) return 0;
  const start = starts[position.line];
  if (start === undefined) return source.text.length;
  const next = starts[position.line + 1];
  const end = next === undefined ? source.text.length : next - 1;
  return Math.min(start + Math.max(0, position.character), end);
}

export function positionAt(source: Source, offset: number): Position {
  const p = source.position(offset);
  return { line: p.line - 1, character: p.column - 1 };
}

export function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

export const START_OF_FILE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

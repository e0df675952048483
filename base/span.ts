/**
 * A range of source text. Offsets are 0-based UTF-16 indices into the file's text;
 * line and column are 1-based and computed once when the span is made, so every
 * consumer (diagnostics, IR doc strings) can print them without the source.
 */
export interface Span {
  readonly file: string;
  /** 0-based offset of the first character. */
  readonly start: number;
  /** 0-based offset one past the last character. */
  readonly end: number;
  /** 1-based line of `start`. */
  readonly line: number;
  /** 1-based column of `start`. */
  readonly column: number;
  /** 1-based line of `end`. */
  readonly endLine: number;
  /** 1-based column of `end`. */
  readonly endColumn: number;
}

/** The smallest span covering both; used for fused IR nodes and composite AST nodes. */
export function joinSpans(a: Span, b: Span): Span {
  if (a.file !== b.file) return a;
  const first = a.start <= b.start ? a : b;
  const last = a.end >= b.end ? a : b;
  return {
    file: a.file,
    start: first.start,
    line: first.line,
    column: first.column,
    end: last.end,
    endLine: last.endLine,
    endColumn: last.endColumn,
  };
}

export function formatLocation(span: Span): string {
  return `${span.file}:${span.line}:${span.column}`;
}

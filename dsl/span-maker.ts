/**
 * Makes spans for offsets that mostly arrive in increasing order (as the AST builder reads
 * them): the line of the previous lookup is tried first, so most spans cost no search.
 */
import type { Source } from '../base/source.js';
import type { Span } from '../base/span.js';

export class SpanMaker {
  private line = 0;

  constructor(private readonly source: Source) {}

  span(start: number, end: number): Span {
    const s = this.lineOf(start);
    const startColumn = start - this.source.lineStarts[s]! + 1;
    const e = end === start ? s : this.lineOf(end);
    const endColumn = end - this.source.lineStarts[e]! + 1;
    return { file: this.source.file, start, end, line: s + 1, column: startColumn, endLine: e + 1, endColumn };
  }

  /** 0-based line of an offset within the text. */
  private lineOf(offset: number): number {
    const starts = this.source.lineStarts;
    const hint = this.line;
    if (starts[hint]! <= offset && (hint + 1 >= starts.length || starts[hint + 1]! > offset)) return hint;
    if (hint + 2 < starts.length && starts[hint + 1]! <= offset && starts[hint + 2]! > offset) return (this.line = hint + 1);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return (this.line = lo);
  }
}

import type { Source } from '../source.js';
import type { Span } from '../span.js';
import { escapeControl, visibleEscape } from '../../io/escape-text.js';
import { makePaint, type Paint, type Style } from './formats/ansi.js';

export interface CodeFrameOptions {
  /** Lines shown before and after the span's first line. */
  readonly context?: number;
  /** Style of the carets (red for errors, yellow for warnings). */
  readonly caretStyle?: Style;
  readonly paint?: Paint;
  /** Prefix of every frame line (the formatters indent frames by two spaces). */
  readonly indent?: string;
}

/**
 * The lines around a span with a line-number gutter and carets under the exact span:
 *
 *     2 | const T = 8
 *     3 | let y = x |> conv2d(64, k=0)
 *       |                         ^^^
 *     4 | return y
 *
 * A span over several lines is underlined to the end of its first line; an empty span
 * (e.g. "expected ')' here") gets one caret. Carets are placed by terminal columns (wide CJK
 * characters and emoji take two), and tabs in the line are copied into the caret line so the
 * carets stay aligned in any tab width. Control characters (a hostile file's ANSI escapes, a
 * carriage return) are shown escaped (`\e`, `\r`), never sent to the terminal. A very long line
 * (a generated file, a hostile one-line file) is shown as a window around the span.
 */
export function codeFrame(source: Source, span: Span, options: CodeFrameOptions = {}): string {
  const context = options.context ?? 1;
  const paint = options.paint ?? makePaint(false);
  const indent = options.indent ?? '';
  const lineCount = source.lineStarts.length;
  const line = Math.min(Math.max(span.line, 1), lineCount);
  const first = Math.max(1, line - context);
  const last = Math.min(lineCount, line + context);
  const width = String(last).length;
  const gutter = (label: string): string => paint('blue', `${label.padStart(width)} |`);
  const spanStart = span.line === line ? span.column - 1 : 0;
  const from = source.lineText(line).length > MAX_LINE_UNITS ? Math.max(0, spanStart - WINDOW_LEAD) : 0;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const window = clip(source.lineText(n), from);
    const shown = escapeControl(window.text, { keepTabs: true });
    out.push(`${indent}${gutter(String(n))}${shown === '' ? '' : ` ${shown}`}`);
    if (n === line) out.push(`${indent}${gutter('')} ${caretLine(window, span, line, options.caretStyle ?? 'red', paint)}`);
  }
  return out.join('\n');
}

/** Lines longer than this (in UTF-16 units) are shown as a window of it around the span, with `...`. */
const MAX_LINE_UNITS = 200;
/** How much of a long line the window shows before the span. */
const WINDOW_LEAD = 60;

/** A line as shown: `text` starts `shift` units into the line; carets stop at unit `kept` (where a `...` cuts it). */
interface Window {
  readonly text: string;
  readonly shift: number;
  readonly kept: number;
}

function clip(line: string, from: number): Window {
  if (from === 0 && line.length <= MAX_LINE_UNITS) return { text: line, shift: 0, kept: Infinity };
  const end = Math.min(line.length, from + MAX_LINE_UNITS);
  const before = from > 0 ? '...' : '';
  const body = line.slice(Math.min(from, line.length), end);
  const cut = end < line.length;
  return { text: `${before}${body}${cut ? '...' : ''}`, shift: from - before.length, kept: cut ? before.length + body.length : Infinity };
}

function caretLine(window: Window, span: Span, line: number, style: Style, paint: Paint): string {
  const text = window.text;
  const chars = Array.from(text);
  // Span columns are UTF-16 based; map them onto characters of this line (as the window shows it).
  const startUnit = span.line === line ? span.column - 1 - window.shift : 0;
  const endUnit = Math.min(span.endLine === line ? span.endColumn - 1 - window.shift : text.length, window.kept);
  const start = charIndex(text, startUnit);
  const end = Math.max(charIndex(text, endUnit), start + 1);
  const pad = chars
    .slice(0, start)
    .map((c) => (c === '\t' ? '\t' : ' '.repeat(charWidth(c))))
    .join('');
  const underlined = chars.slice(start, end);
  const carets = underlined.reduce((n, c) => n + Math.max(charWidth(c), 1), 0) + (end - start - underlined.length);
  return pad + paint(style, '^'.repeat(carets));
}

/** Index in characters (code points) of the UTF-16 offset `unit` of `text`; past the end counts on. */
function charIndex(text: string, unit: number): number {
  if (unit <= 0) return 0;
  if (unit >= text.length) return Array.from(text).length + (unit - text.length);
  return Array.from(text.slice(0, unit)).length;
}

/**
 * Terminal columns a character takes: 0 for combining marks, 2 for East Asian wide characters
 * and emoji, else 1. An approximation of wcwidth that is right for the text .vnet files hold.
 */
function charWidth(char: string): number {
  const cp = char.codePointAt(0) ?? 0;
  if (char !== '\t' && escapeControl(char) !== char) return visibleEscape(char).length;
  if ((cp >= 0x300 && cp <= 0x36f) || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  const wide =
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}

import type { Diagnostic } from '../diagnostic.js';
import { type Formatter, relativePath } from './format.js';

/** One line per diagnostic: `file:line:col: severity CODE: message` (what editors' problem matchers read). */
export const formatCompact: Formatter = (diagnostics, _sources, options) =>
  diagnostics.map((d) => `${compactLine(d, options?.cwd)}\n`).join('');

function compactLine(d: Diagnostic, cwd: string | undefined): string {
  const head = `${d.severity} ${d.code}: ${oneLine(d.message)}`;
  return d.span ? `${relativePath(d.span.file, cwd)}:${d.span.line}:${d.span.column}: ${head}` : head;
}

function oneLine(text: string): string {
  return text.replace(/\r?\n/g, ' ');
}

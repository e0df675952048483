import type { Diagnostic } from '../diagnostic.js';
import type { Formatter } from './format.js';

/** One line per diagnostic: `file:line:col: severity CODE: message` (what editors' problem matchers read). */
export const formatCompact: Formatter = (diagnostics) =>
  diagnostics.map((d) => `${compactLine(d)}\n`).join('');

function compactLine(d: Diagnostic): string {
  const head = `${d.severity} ${d.code}: ${oneLine(d.message)}`;
  return d.span ? `${d.span.file}:${d.span.line}:${d.span.column}: ${head}` : head;
}

function oneLine(text: string): string {
  return text.replace(/\r?\n/g, ' ');
}

import type { Diagnostic } from '../diagnostic.js';
import { type Formatter, relativePath } from './format.js';
import { escapeControl } from '../../../io/escape-text.js';

/** One line per diagnostic: `file:line:col: severity CODE: message` (what editors' problem matchers read). */
export const formatCompact: Formatter = (diagnostics, _sources, options) =>
  diagnostics.map((d) => `${compactLine(d, options?.cwd)}\n`).join('');

function compactLine(d: Diagnostic, cwd: string | undefined): string {
  // Escaped, so a file name or message with a newline cannot start a line of its own.
  const head = `${d.severity} ${d.code}: ${escapeControl(d.message)}`;
  return d.span ? `${escapeControl(relativePath(d.span.file, cwd))}:${d.span.line}:${d.span.column}: ${head}` : head;
}

import type { Source } from '../../source.js';
import { DEFAULT_COLUMN_UNIT, spanColumns } from '../columns.js';
import type { Diagnostic } from '../diagnostic.js';
import { type FormatOptions, type Formatter, relativePath } from './format.js';
import { escapeControl } from '../../../io/escape-text.js';

/**
 * One line per diagnostic: `file:line:col: severity CODE: message` (what editors' problem matchers read);
 * columns count characters unless `options.columns` says otherwise (`bytes` for Vim and Emacs).
 */
export const formatCompact: Formatter = (diagnostics, sources, options) => diagnostics.map((d) => `${compactLine(d, sources, options)}\n`).join('');

function compactLine(d: Diagnostic, sources: ReadonlyMap<string, Source>, options: FormatOptions | undefined): string {
  // Escaped, so a file name or message with a newline cannot start a line of its own.
  const head = `${d.severity} ${d.code}: ${escapeControl(d.message)}`;
  if (!d.span) return head;
  const at = spanColumns(d.span, sources, options?.columns ?? DEFAULT_COLUMN_UNIT);
  return `${escapeControl(relativePath(d.span.file, options?.cwd))}:${at.line}:${at.column}: ${head}`;
}

import type { Source } from '../../source.js';
import { DEFAULT_COLUMN_UNIT, spanColumns } from '../columns.js';
import type { Diagnostic } from '../diagnostic.js';
import { type FormatOptions, type Formatter, relativePath } from './format.js';
import { escapeControl } from '../../../io/escape-text.js';

/**
 * GitHub Actions workflow commands, one per diagnostic:
 *   ::error file=net.vnet,line=3,col=27,endLine=3,endColumn=30,title=VN301::message
 * Notes become `::notice`. GitHub only honours col/endColumn on a single line, so a span
 * over several lines gives line and endLine only. The hint and related notes follow the
 * message on their own lines (escaped newlines). Columns count characters unless `options.columns`
 * says otherwise.
 */
export const formatGithub: Formatter = (diagnostics, sources, options = {}) => diagnostics.map((d) => `${annotation(d, sources, options)}\n`).join('');

const COMMAND = { error: 'error', warning: 'warning', note: 'notice' } as const;

function annotation(d: Diagnostic, sources: ReadonlyMap<string, Source>, options: FormatOptions): string {
  const props: [string, string | number][] = [];
  const unit = options.columns ?? DEFAULT_COLUMN_UNIT;
  if (d.span) {
    const s = spanColumns(d.span, sources, unit);
    props.push(['file', relativePath(d.span.file, options.cwd)], ['line', s.line]);
    if (s.endLine === s.line) props.push(['col', s.column], ['endLine', s.endLine], ['endColumn', s.endColumn]);
    else props.push(['endLine', s.endLine]);
  }
  props.push(['title', d.code]);
  const propText = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${COMMAND[d.severity]} ${propText}::${escapeData(annotationMessage(d, sources, options))}`;
}

function annotationMessage(d: Diagnostic, sources: ReadonlyMap<string, Source>, options: FormatOptions): string {
  const lines = [d.message];
  if (d.hint) lines.push(`hint: ${d.hint}`);
  for (const r of d.related ?? []) {
    const column = spanColumns(r.span, sources, options.columns ?? DEFAULT_COLUMN_UNIT).column;
    lines.push(`note: ${relativePath(r.span.file, options.cwd)}:${r.span.line}:${column}: ${r.message}`);
  }
  return lines.join('\n');
}

/**
 * Escaping of a command's message, as in @actions/core's `escapeData`; other control characters
 * (ANSI escapes from a file name) are made visible first, newlines kept for the `%0A` line breaks.
 */
export function escapeData(text: string): string {
  const visible = text
    .split(/(\r|\n)/)
    .map((part) => (part === '\r' || part === '\n' ? part : escapeControl(part)))
    .join('');
  return visible.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a property value, as in @actions/core's `escapeProperty`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

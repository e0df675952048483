import type { Source } from '../../source.js';
import type { Span } from '../../span.js';
import { codeFrame, type CodeFrameOptions } from '../code-frame.js';
import { type ColumnUnit, DEFAULT_COLUMN_UNIT, spanColumns } from '../columns.js';
import type { Diagnostic, Severity } from '../diagnostic.js';
import { makePaint, type Paint, type Style } from './ansi.js';
import type { Formatter } from './format.js';
import { escapeControl } from '../../../io/escape-text.js';

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', note: 'cyan' };

/**
 * The human format:
 *
 *   net.vnet:3:27: error VN301: ...
 *     2 | const T = 8
 *     3 | let y = x |> conv2d(64, k=0)
 *       |                         ^^^
 *     4 | return y
 *     = hint: ...
 *     note: net.vnet:1:7: ...
 *       1 | const T = 8
 *         |       ^
 *
 * followed by a blank line between diagnostics. Colour only when `options.color`; columns count
 * characters unless `options.columns` says otherwise.
 */
export const formatPretty: Formatter = (diagnostics, sources, options = {}) => {
  const paint = makePaint(options.color ?? false);
  const unit = options.columns ?? DEFAULT_COLUMN_UNIT;
  return diagnostics.map((d) => `${prettyDiagnostic(d, sources, paint, unit)}\n`).join('\n');
};

function prettyDiagnostic(d: Diagnostic, sources: ReadonlyMap<string, Source>, paint: Paint, unit: ColumnUnit): string {
  const location = (span: Span): string => `${escapeControl(span.file)}:${span.line}:${spanColumns(span, sources, unit).column}`;
  const style = SEVERITY_STYLE[d.severity];
  const head = `${paint('bold', paint(style, d.severity))} ${paint(style, d.code)}: ${paint('bold', escapeControl(d.message))}`;
  const lines = [d.span ? `${paint('bold', location(d.span))}: ${head}` : head];
  if (d.span) lines.push(...frame(d.span, sources, { context: 1, caretStyle: style, paint, indent: '  ' }));
  if (d.hint) lines.push(`  ${paint('cyan', '= hint:')} ${escapeControl(d.hint)}`);
  for (const r of d.related ?? []) {
    lines.push(`  ${paint('cyan', 'note:')} ${paint('bold', location(r.span))}: ${escapeControl(r.message)}`);
    lines.push(...frame(r.span, sources, { context: 0, caretStyle: 'cyan', paint, indent: '    ' }));
  }
  return lines.join('\n');
}

function frame(span: Span, sources: ReadonlyMap<string, Source>, options: CodeFrameOptions): string[] {
  const source = sources.get(span.file);
  if (!source) return [];
  return codeFrame(source, span, options).split('\n');
}

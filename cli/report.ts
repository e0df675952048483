import type { Source } from '../base/source.js';
import type { Diagnostic } from '../base/diagnostics/diagnostic.js';
import { formatCompact } from '../base/diagnostics/formats/compact.js';
import { countProblems, type FormatOptions, type Formatter, type ProblemCounts } from '../base/diagnostics/formats/format.js';
import { DEFAULT_MAX_ERRORS_PER_FILE, limitErrorsPerFile, omittedLine } from '../base/diagnostics/limit.js';
import { formatGithub } from '../base/diagnostics/formats/github.js';
import { formatJson } from '../base/diagnostics/formats/json.js';
import { formatPretty } from '../base/diagnostics/formats/pretty.js';
import { formatSarif } from '../base/diagnostics/formats/sarif.js';
import type { ColumnUnit } from '../base/diagnostics/columns.js';
import type { CliContext } from './context.js';

/** The `--format` choices. `text` is the pretty format with code frames. */
export const REPORT_FORMATS = ['text', 'compact', 'json', 'github', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const FORMATTERS: Record<ReportFormat, Formatter> = {
  text: formatPretty,
  compact: formatCompact,
  json: formatJson,
  github: formatGithub,
  sarif: formatSarif,
};

/** Formats that are documents on their own: nothing else may be printed beside them. */
const MACHINE_FORMATS: ReadonlySet<ReportFormat> = new Set(['json', 'sarif']);

/** Formats read by people, which show at most `maxErrors` errors per file. */
const LINE_FORMATS: ReadonlySet<ReportFormat> = new Set(['text', 'compact']);

/** Each file's shown diagnostics, then `... and N more errors in this file` where some were left out. */
export function formatLimited(
  formatter: Formatter,
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, Source>,
  options: FormatOptions,
  maxErrors: number,
  separator: string,
): string {
  return limitErrorsPerFile(diagnostics, maxErrors)
    .map((group) => formatter(group.shown, sources, options) + (group.omitted > 0 ? `${separator}${omittedLine(group.omitted)}\n` : ''))
    .join(separator);
}

export interface ReportOptions {
  readonly format: ReportFormat;
  /** Text and compact formats: errors shown per file before `... and N more` (0: all; default 100). */
  readonly maxErrors?: number;
  /** How many files were processed, for the summary line. */
  readonly fileCount: number;
  readonly toolVersion?: string;
  /** What text, compact and github columns count (default: characters). */
  readonly columns?: ColumnUnit;
}

/** The formats whose columns `--columns` sets; json and sarif keep UTF-16 code units, as their schemas say. */
export const COLUMN_FORMATS: ReadonlySet<ReportFormat> = new Set(['text', 'compact', 'github']);

/**
 * Prints diagnostics to stdout in the chosen format, then (for the line formats) a summary line,
 * also on stdout so `vnetc check ... > report.txt` captures everything. Returns the counts.
 */
export function report(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, Source>, options: ReportOptions, ctx: CliContext): ProblemCounts {
  const counts = countProblems(diagnostics);
  const formatOptions = {
    color: ctx.color,
    cwd: ctx.cwd,
    ...(options.toolVersion ? { toolVersion: options.toolVersion } : {}),
    ...(options.columns ? { columns: options.columns } : {}),
  };
  const formatter = FORMATTERS[options.format];
  if (!LINE_FORMATS.has(options.format)) {
    // Machine formats (json, sarif, github annotations) keep every diagnostic.
    const text = formatter(diagnostics, sources, formatOptions);
    ctx.stdout(MACHINE_FORMATS.has(options.format) ? text : `${text}${summaryLine(diagnostics, counts, options.fileCount)}\n`);
    return counts;
  }
  const text = formatLimited(
    formatter,
    diagnostics,
    sources,
    formatOptions,
    options.maxErrors ?? DEFAULT_MAX_ERRORS_PER_FILE,
    options.format === 'text' ? '\n' : '',
  );
  // The pretty format separates diagnostics by blank lines; one more before the summary.
  const gap = options.format === 'text' && diagnostics.length > 0 ? '\n' : '';
  ctx.stdout(`${text}${gap}${summaryLine(diagnostics, counts, options.fileCount)}\n`);
  return counts;
}

/** `2 errors, 1 warning in 3 files`, or `checked 5 files: no problems`. */
export function summaryLine(diagnostics: readonly Diagnostic[], counts: ProblemCounts, fileCount: number): string {
  const notes = diagnostics.length - counts.errors - counts.warnings;
  if (counts.errors === 0 && counts.warnings === 0 && notes === 0) {
    return `checked ${plural(fileCount, 'file')}: no problems`;
  }
  const parts = [];
  if (counts.errors > 0 || counts.warnings === 0) parts.push(plural(counts.errors, 'error'));
  if (counts.warnings > 0) parts.push(plural(counts.warnings, 'warning'));
  if (notes > 0) parts.push(plural(notes, 'note'));
  const files = new Set(diagnostics.flatMap((d) => (d.span ? [d.span.file] : []))).size;
  return files > 0 ? `${parts.join(', ')} in ${plural(files, 'file')}` : parts.join(', ');
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

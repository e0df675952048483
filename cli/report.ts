import type { Source } from '../dsl/source.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { formatCompact } from '../compiler/diagnostics/formats/compact.js';
import { countProblems, type Formatter, type ProblemCounts } from '../compiler/diagnostics/formats/format.js';
import { formatGithub } from '../compiler/diagnostics/formats/github.js';
import { formatJson } from '../compiler/diagnostics/formats/json.js';
import { formatPretty } from '../compiler/diagnostics/formats/pretty.js';
import { formatSarif } from '../compiler/diagnostics/formats/sarif.js';
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

export interface ReportOptions {
  readonly format: ReportFormat;
  /** How many files were processed, for the summary line. */
  readonly fileCount: number;
  readonly toolVersion?: string;
}

/**
 * Prints diagnostics to stdout in the chosen format, then (for the line formats) a summary line,
 * also on stdout so `vnetc check ... > report.txt` captures everything. Returns the counts.
 */
export function report(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, Source>,
  options: ReportOptions,
  ctx: CliContext,
): ProblemCounts {
  const counts = countProblems(diagnostics);
  const text = FORMATTERS[options.format](diagnostics, sources, {
    color: ctx.color,
    cwd: ctx.cwd,
    ...(options.toolVersion ? { toolVersion: options.toolVersion } : {}),
  });
  if (MACHINE_FORMATS.has(options.format)) {
    ctx.stdout(text);
    return counts;
  }
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

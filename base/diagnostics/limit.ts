import type { Diagnostic } from './diagnostic.js';

/** The default of `--max-errors`: like clang's error limit, enough to act on and short enough to read. */
export const DEFAULT_MAX_ERRORS_PER_FILE = 100;

/** One file's diagnostics as a line report shows them. */
export interface ShownFile {
  /** The file (undefined for diagnostics without a place). */
  readonly file: string | undefined;
  readonly shown: readonly Diagnostic[];
  /** Errors of this file left out after the first `max`. */
  readonly omitted: number;
}

/**
 * Groups sorted diagnostics by file, keeping at most `max` errors per file (0: all); warnings and
 * notes are always kept. One pass, so a file with tens of thousands of errors costs no more than its list.
 */
export function limitErrorsPerFile(diagnostics: readonly Diagnostic[], max: number): ShownFile[] {
  const groups: { file: string | undefined; shown: Diagnostic[]; errors: number }[] = [];
  for (const d of diagnostics) {
    const file = d.span?.file;
    let group = groups[groups.length - 1];
    if (!group || group.file !== file) {
      group = { file, shown: [], errors: 0 };
      groups.push(group);
    }
    if (d.severity === 'error' && max > 0 && ++group.errors > max) continue;
    group.shown.push(d);
  }
  return groups.map((g) => ({ file: g.file, shown: g.shown, omitted: max > 0 ? Math.max(0, g.errors - max) : 0 }));
}

/** `... and 11081 more errors in this file`. */
export function omittedLine(omitted: number): string {
  return `... and ${omitted} more error${omitted === 1 ? '' : 's'} in this file`;
}

import * as path from 'node:path';
import type { Source } from '../../source.js';
import type { Diagnostic } from '../diagnostic.js';
import type { ColumnUnit } from '../columns.js';

/** What every formatter may be told; each uses only what it needs. */
export interface FormatOptions {
  /** ANSI colour (text formats only). */
  readonly color?: boolean;
  /** Paths in GitHub annotations and SARIF are made relative to this directory. */
  readonly cwd?: string;
  /** Written into SARIF's tool.driver.version. */
  readonly toolVersion?: string;
  /** What text, compact and github columns count (default: characters); json and sarif keep UTF-16 code units. */
  readonly columns?: ColumnUnit;
}

/** A formatter is a pure function of the diagnostics and the sources they point into. */
export type Formatter = (diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, Source>, options?: FormatOptions) => string;

export interface ProblemCounts {
  readonly errors: number;
  readonly warnings: number;
}

export function countProblems(diagnostics: readonly Diagnostic[]): ProblemCounts {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
  }
  return { errors, warnings };
}

/** `file` relative to `cwd` with forward slashes, as CI systems and SARIF viewers expect. */
export function relativePath(file: string, cwd: string | undefined): string {
  const base = cwd ?? process.cwd();
  const rel = path.relative(base, path.resolve(base, file));
  return rel.split(path.sep).join('/');
}

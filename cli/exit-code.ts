import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { BadSetOverride, FileNotFound, FileUnreadable, OutputUnwritable } from '../compiler/diagnostics/codes.js';
import { ExitCode } from './context.js';

/** Codes that mean the command could not do its job (usage or I/O), not that the program has problems. */
const USAGE_CODES: ReadonlySet<string> = new Set(
  [FileNotFound, FileUnreadable, BadSetOverride, OutputUnwritable].map((c) => c.code),
);

/**
 * 2 when a usage or I/O error occurred, else 1 when an error was found (or, with `strict`,
 * a warning), else 0.
 */
export function exitCodeFor(diagnostics: readonly Diagnostic[], strict = false): ExitCode {
  if (diagnostics.some((d) => USAGE_CODES.has(d.code))) return ExitCode.Usage;
  const fails = diagnostics.some((d) => d.severity === 'error' || (strict && d.severity === 'warning'));
  return fails ? ExitCode.Problems : ExitCode.Ok;
}

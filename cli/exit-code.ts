import type { Diagnostic } from '../base/diagnostics/diagnostic.js';
import { exitClassOf } from '../base/diagnostics/registry.js';
import { ExitCode } from './context.js';

/**
 * 2 when a diagnostic's registry entry says the command could not do its job (usage or I/O),
 * else 1 when an error was found (or, with `strict`, a warning), else 0.
 */
export function exitCodeFor(diagnostics: readonly Diagnostic[], strict = false): ExitCode {
  if (diagnostics.some((d) => exitClassOf(d.code) === 'usage')) return ExitCode.Usage;
  const fails = diagnostics.some((d) => d.severity === 'error' || (strict && d.severity === 'warning'));
  return fails ? ExitCode.Problems : ExitCode.Ok;
}

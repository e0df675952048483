/**
 * The one error reporter of every command: what a kind of failure exits with, and how it is printed
 * (one line, names escaped so a file name cannot forge lines or colours). Commands end their `catch`
 * in `reportError`, print their diagnostics with `reportDiagnostics` and their usage errors with `fail`.
 */
import type { Diagnostic } from '../base/diagnostics/diagnostic.js';
import { formatCompact } from '../base/diagnostics/formats/compact.js';
import { formatPretty } from '../base/diagnostics/formats/pretty.js';
import type { Source } from '../base/source.js';
import { escapeControl } from '../io/escape-text.js';
import { MissingPackageError } from '../io/optional-package.js';
import { RuntimeError } from '../runtime/errors.js';
import { VideoError } from '../runtime/video/errors.js';
import { SiteError } from '../web/site/site-error.js';
import { type CliContext, ExitCode } from './context.js';
import { exitCodeFor } from './exit-code.js';
import { formatInternalError } from './internal-error.js';
import { missingPackageLine } from './missing-package.js';
import { videoDiagnostic } from './video-diagnostic.js';

/** Why a command stopped: the user's usage or a file it could not read or write, a bad model or input, a bug. */
export type FailureKind = 'usage' | 'io' | 'model' | 'input' | 'internal';

/** Usage and I/O: 2 (the command could not do its job); a bad model or input: 1; a bug in vnetc: 2. */
export const EXIT_OF_KIND: Readonly<Record<FailureKind, ExitCode>> = {
  usage: ExitCode.Usage,
  io: ExitCode.Usage,
  model: ExitCode.Problems,
  input: ExitCode.Problems,
  internal: ExitCode.Usage,
};

/** Where the reporter writes. */
export type ErrorOutput = Pick<CliContext, 'stderr' | 'debug' | 'cwd'>;

/** Prints `vnetc: MESSAGE` (escaped, one line) and returns the exit code of `kind`. */
export function fail(out: Pick<CliContext, 'stderr'>, kind: FailureKind, message: string): ExitCode {
  out.stderr(`vnetc: ${escapeControl(message)}\n`);
  return EXIT_OF_KIND[kind];
}

/**
 * Prints what a command threw and returns its exit code: a RuntimeError or SiteError by its kind, a
 * video error as its diagnostic, a runtime library a lean install left out as VN030, anything else
 * as an internal error (one line; the stack with --debug). `command` is the name VN030 gives (`run`).
 */
export function reportError(error: unknown, out: ErrorOutput, command: string): ExitCode {
  if (error instanceof RuntimeError || error instanceof SiteError) return fail(out, error.kind, error.message);
  if (error instanceof VideoError) return reportDiagnostics([videoDiagnostic(error)], out, { style: 'compact' });
  if (error instanceof MissingPackageError) {
    out.stderr(missingPackageLine(error, command));
    return EXIT_OF_KIND.usage;
  }
  out.stderr(formatInternalError(error, out.debug));
  return EXIT_OF_KIND.internal;
}

export interface DiagnosticsReport {
  /** `pretty` with code frames (the default), or `compact` one line each. */
  readonly style?: 'pretty' | 'compact';
  readonly sources?: ReadonlyMap<string, Source>;
  readonly color?: boolean;
  /** Warnings fail too (exit 1). */
  readonly strict?: boolean;
}

/**
 * Prints diagnostics on stderr and returns their exit code: 2 when one says the command could not do
 * its job, else 1 for an error (or a warning, with `strict`), else 0.
 */
export function reportDiagnostics(diagnostics: readonly Diagnostic[], out: ErrorOutput & { color?: boolean }, report: DiagnosticsReport = {}): ExitCode {
  if (diagnostics.length > 0) {
    const format = report.style === 'compact' ? formatCompact : formatPretty;
    out.stderr(
      format(diagnostics, report.sources ?? new Map(), { color: report.style === 'compact' ? false : (report.color ?? out.color ?? false), cwd: out.cwd }),
    );
  }
  return exitCodeFor(diagnostics, report.strict);
}

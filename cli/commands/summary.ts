import * as path from 'node:path';
import { fileHost } from '../../compiler/check/file-host.js';
import { summarizeModel } from './summary-model.js';
import { findProjectRoot } from '../../compiler/check/project-root.js';
import { checkProgram } from '../../compiler/check/check-program.js';
import { hasErrors } from '../../base/diagnostics/diagnostic.js';
import { formatSummary } from '../../compiler/summary/format.js';
import { summarize } from '../../compiler/summary/summary.js';
import { type CliContext, ExitCode } from '../context.js';
import { fail, reportDiagnostics } from '../error-report.js';

export interface SummaryOptions {
  readonly file: string;
  readonly network?: string;
  readonly sets?: Readonly<Record<string, string>>;
  /** --allow-imports-outside: imports may leave the project root. */
  readonly allowImportsOutside?: boolean;
}

/**
 * `vnetc summary <file> [--network NAME] [--set K=V]...`: checks the file and prints, for each network
 * (or the one named), a table of layers with output shapes, parameters and multiply-accumulates, then totals.
 * Diagnostics go to stderr; exit 1 when the program has errors.
 */
export async function summaryCommand(options: SummaryOptions, ctx: CliContext): Promise<number> {
  if (path.extname(options.file).toLowerCase() === '.onnx') return summarizeModel(options.file, ctx);
  const result = checkProgram(options.file, {
    ...(options.sets ? { sets: options.sets } : {}),
    ...(options.network !== undefined ? { network: options.network } : {}),
    host: fileHost(ctx.cwd),
    importRoot: options.allowImportsOutside ? null : findProjectRoot(options.file, ctx.cwd),
  });
  const code = reportDiagnostics(result.diagnostics, ctx, { sources: result.sources });
  if (result.diagnostics.length > 0) ctx.stderr('\n');
  if (hasErrors(result.diagnostics)) return code;
  if (result.graphs.length === 0) return fail(ctx, 'input', `'${options.file}' defines no network`);
  ctx.stdout(result.graphs.map((g) => formatSummary(summarize(g))).join('\n'));
  return ExitCode.Ok;
}

import { escapeControl } from '../../io/escape-text.js';
import * as path from 'node:path';
import { decodeSource } from '../../dsl/decode.js';
import { formatSource } from '../../dsl/format.js';
import type { Source } from '../../base/source.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { ImportOutsideRoot, OutputUnwritable } from '../../base/diagnostics/codes.js';
import { findProjectRoot, isInside } from '../../compiler/check/project-root.js';
import { realpath } from 'node:fs/promises';
import { type Diagnostic, hasErrors } from '../../base/diagnostics/diagnostic.js';
import { formatPretty } from '../../base/diagnostics/formats/pretty.js';
import { sortDiagnostics } from '../../base/diagnostics/sort.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { readBounded } from '../../io/read-bounded.js';
import { writeReason } from '../../io/reason.js';
import { MAX_SOURCE_BYTES } from '../../dsl/decode.js';
import { type CliContext, ExitCode } from '../context.js';
import { exitCodeFor } from '../exit-code.js';
import { expandPaths, ioDiagnostic } from '../files.js';
import { plural } from '../report.js';

export interface FmtOptions {
  readonly paths: readonly string[];
  /** Write nothing; exit 1 if any file is not in canonical form. */
  readonly check: boolean;
}

type FileOutcome = 'unchanged' | 'changed' | 'failed';

/**
 * `vnetc fmt [--check] <paths...>`: rewrites files in canonical form. Files already canonical
 * are not touched; files with syntax errors are never written (their errors are reported).
 * Exit 0 when done (or, with --check, all canonical), 1 when a file has syntax errors or
 * (with --check) would change, 2 on a usage or I/O error.
 */
export async function runFmt(options: FmtOptions, ctx: CliContext): Promise<number> {
  const expanded = await expandPaths(options.paths, ctx.cwd);
  const diagnostics: Diagnostic[] = [...expanded.diagnostics];
  const sources = new Map<string, Source>();
  const changed: string[] = [];
  let failed = 0;
  for (const file of expanded.files) {
    const result = await formatOne(file, options.check, ctx.cwd);
    if (result.source) sources.set(file, result.source);
    diagnostics.push(...sortDiagnostics(result.diagnostics));
    if (result.outcome === 'changed') changed.push(file);
    if (result.outcome === 'failed') failed++;
  }
  const verb = options.check ? 'would reformat' : 'reformatted';
  const listing = changed.map((f) => `${verb} ${escapeControl(f)}\n`).join('');
  const problems = formatPretty(diagnostics, sources, { color: ctx.color });
  ctx.stdout(`${problems}${problems ? '\n' : ''}${listing}${fmtSummary(expanded.files.length, changed.length, failed, options.check)}\n`);
  const code = exitCodeFor(diagnostics);
  if (code !== ExitCode.Ok) return code;
  return options.check && changed.length > 0 ? ExitCode.Problems : ExitCode.Ok;
}

async function formatOne(file: string, check: boolean, cwd: string): Promise<{ outcome: FileOutcome; source?: Source; diagnostics: readonly Diagnostic[] }> {
  const absolute = path.resolve(cwd, file);
  // A committed link named *.vnet may lead anywhere: fmt rewrites only files of the project, as check reads only those.
  const root = findProjectRoot(absolute);
  if (!isInside(root, await realpath(absolute).catch(() => absolute))) {
    return { outcome: 'failed', diagnostics: [diagnose(ImportOutsideRoot, { path: file, root, action: 'format' })] };
  }
  let bytes: Uint8Array;
  try {
    bytes = await readBounded(absolute, MAX_SOURCE_BYTES);
  } catch (error) {
    return { outcome: 'failed', diagnostics: [ioDiagnostic(file, error)] };
  }
  const decoded = decodeSource(file, bytes);
  if (!decoded.source) return { outcome: 'failed', diagnostics: decoded.diagnostics };
  const source = decoded.source;
  const formatted = formatSource(source);
  const diagnostics = [...decoded.diagnostics, ...formatted.diagnostics];
  if (formatted.text === undefined || hasErrors(diagnostics)) return { outcome: 'failed', source, diagnostics };
  // Compare bytes, not text, so a BOM or CRLF line endings the decoder dropped count as a change.
  const output = Buffer.from(formatted.text, 'utf8');
  if (output.equals(bytes)) return { outcome: 'unchanged', source, diagnostics };
  if (check) return { outcome: 'changed', source, diagnostics };
  try {
    await writeFileAtomic(absolute, output, { linksWithin: [root] });
  } catch (error) {
    const reason = writeReason(error);
    return { outcome: 'failed', source, diagnostics: [...diagnostics, diagnose(OutputUnwritable, { path: file, reason })] };
  }
  return { outcome: 'changed', source, diagnostics };
}

/** `reformatted 2 of 5 files`, `2 of 5 files would be reformatted`, `5 files already formatted`. */
function fmtSummary(total: number, changed: number, failed: number, check: boolean): string {
  const notFormatted = failed > 0 ? `; ${plural(failed, 'file')} could not be formatted` : '';
  if (changed === 0) return `${plural(total - failed, 'file')} already formatted${notFormatted}`;
  const main = check ? `${changed} of ${plural(total, 'file')} would be reformatted` : `reformatted ${changed} of ${plural(total, 'file')}`;
  return main + notFormatted;
}

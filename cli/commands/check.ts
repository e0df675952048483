import * as path from 'node:path';
import type { Source } from '../../base/source.js';
import { checkProgram } from '../../compiler/check/check-program.js';
import { fileHost } from '../../compiler/check/file-host.js';
import { findProjectRoot } from '../../compiler/check/project-root.js';
import { MAX_SOURCE_BYTES } from '../../dsl/decode.js';
import { readBounded } from '../../io/read-bounded.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import { sortDiagnostics } from '../../base/diagnostics/sort.js';
import type { ColumnUnit } from '../../base/diagnostics/columns.js';
import { type CliContext, ExitCode } from '../context.js';
import { exitCodeFor } from '../exit-code.js';
import { expandPaths, ioDiagnostic } from '../files.js';
import { COLUMN_FORMATS, type ReportFormat, report } from '../report.js';
import { parseSetOverrides } from '../../compiler/set-overrides.js';

export interface CheckOptions {
  readonly paths: readonly string[];
  readonly format: ReportFormat;
  /** Warnings fail the check (exit 1). */
  readonly strict: boolean;
  /** Raw `--set NAME=VALUE` arguments. */
  readonly set: readonly string[];
  readonly toolVersion?: string;
  /** Errors shown per file by the text and compact formats (0: all; default 100). */
  readonly maxErrors?: number;
  /** --allow-imports-outside: imports may leave the project root. */
  readonly allowImportsOutside?: boolean;
  /** --columns: what text, compact and github columns count (default: characters). */
  readonly columns?: ColumnUnit;
}

/** What each file's check is given beside the file itself. */
export interface CheckFileOptions {
  /** Parsed `--set` overrides: constant name -> value text. */
  readonly overrides: Readonly<Record<string, string>>;
  readonly allowImportsOutside?: boolean;
}

/**
 * `vnetc check <paths...>`: reads every file, reports every problem found, and exits
 * 0 clean, 1 problems (errors, or warnings with --strict), 2 usage or I/O error.
 */
export async function runCheck(options: CheckOptions, ctx: CliContext): Promise<number> {
  if (options.columns !== undefined && !COLUMN_FORMATS.has(options.format)) {
    ctx.stderr(
      `vnetc check: --columns applies to the text, compact and github formats; ${options.format} columns always count UTF-16 code units (its columnKind)\n`,
    );
    return ExitCode.Usage;
  }
  const set = parseSetOverrides(options.set);
  const expanded = await expandPaths(options.paths, ctx.cwd);
  const found: Diagnostic[] = [...set.diagnostics, ...expanded.diagnostics];
  const sources = new Map<string, Source>();
  for (const file of expanded.files) {
    const result = await loadAndCheck(file, ctx.cwd, { overrides: set.overrides, allowImportsOutside: options.allowImportsOutside === true });
    for (const [name, source] of result.sources) sources.set(name, source);
    found.push(...result.diagnostics);
  }
  // A file imported by several checked files may be reported once per importer: keep one.
  const diagnostics = sortDiagnostics(unique(found));
  const limit = options.maxErrors !== undefined ? { maxErrors: options.maxErrors } : {};
  const columns = options.columns !== undefined ? { columns: options.columns } : {};
  report(diagnostics, sources, { format: options.format, fileCount: expanded.files.length, ...limit, ...columns, ...tool(options) }, ctx);
  return exitCodeFor(diagnostics, options.strict);
}

/** The diagnostics of one file, and the sources they point into (the file, and any it imports). */
export interface FileCheck {
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, Source>;
}

async function loadAndCheck(file: string, cwd: string, options: CheckFileOptions): Promise<FileCheck> {
  let bytes: Uint8Array;
  try {
    bytes = await readBounded(path.resolve(cwd, file), MAX_SOURCE_BYTES);
  } catch (error) {
    return { diagnostics: [ioDiagnostic(file, error)], sources: new Map() };
  }
  const checked = checkProgram(file, {
    sets: options.overrides,
    host: fileHost(cwd, new Map([[file, bytes]])),
    importRoot: options.allowImportsOutside ? null : findProjectRoot(file, cwd),
  });
  return { diagnostics: checked.diagnostics, sources: checked.sources };
}

function unique(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = JSON.stringify([d.code, d.span?.file, d.span?.start, d.span?.end, d.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function tool(options: CheckOptions): { toolVersion?: string } {
  return options.toolVersion ? { toolVersion: options.toolVersion } : {};
}

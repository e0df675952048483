import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { File } from '../../dsl/ast.js';
import { decodeSource } from '../../dsl/decode.js';
import { parseSource } from '../../dsl/parse.js';
import type { Source } from '../../dsl/source.js';
import { type Diagnostic, hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { sortDiagnostics } from '../../compiler/diagnostics/sort.js';
import type { CliContext } from '../context.js';
import { exitCodeFor } from '../exit-code.js';
import { expandPaths, ioDiagnostic } from '../files.js';
import { type ReportFormat, report } from '../report.js';
import { parseSetOverrides } from '../set-overrides.js';

export interface CheckOptions {
  readonly paths: readonly string[];
  readonly format: ReportFormat;
  /** Warnings fail the check (exit 1). */
  readonly strict: boolean;
  /** Raw `--set NAME=VALUE` arguments. */
  readonly set: readonly string[];
  readonly toolVersion?: string;
}

/** What the per-file stages are given beside the file itself. */
export interface CheckFileOptions {
  /** Parsed `--set` overrides: constant name -> value text. */
  readonly overrides: Readonly<Record<string, string>>;
}

/**
 * `vnetc check <paths...>`: reads every file, reports every problem found, and exits
 * 0 clean, 1 problems (errors, or warnings with --strict), 2 usage or I/O error.
 */
export async function runCheck(options: CheckOptions, ctx: CliContext): Promise<number> {
  const set = parseSetOverrides(options.set);
  const expanded = await expandPaths(options.paths, ctx.cwd);
  const found: Diagnostic[] = [...set.diagnostics, ...expanded.diagnostics];
  const sources = new Map<string, Source>();
  for (const file of expanded.files) {
    const result = await loadAndCheck(file, ctx.cwd, { overrides: set.overrides });
    for (const [name, source] of result.sources) sources.set(name, source);
    found.push(...result.diagnostics);
  }
  // A file imported by several checked files may be reported once per importer: keep one.
  const diagnostics = sortDiagnostics(unique(found));
  report(diagnostics, sources, { format: options.format, fileCount: expanded.files.length, ...tool(options) }, ctx);
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
    bytes = await readFile(path.resolve(cwd, file));
  } catch (error) {
    return { diagnostics: [ioDiagnostic(file, error)], sources: new Map() };
  }
  const decoded = decodeSource(file, bytes);
  if (!decoded.source) return { diagnostics: decoded.diagnostics, sources: new Map() };
  const parsed = parseSource(decoded.source);
  const diagnostics = [...decoded.diagnostics, ...parsed.diagnostics];
  const sources = new Map([[file, decoded.source]]);
  // Later stages assume a well-formed tree; a file with syntax errors stops here.
  if (hasErrors(diagnostics)) return { diagnostics, sources };
  const checked = await checkOneFile(file, decoded.source, parsed.file, options);
  return { diagnostics: [...diagnostics, ...checked.diagnostics], sources: new Map([...sources, ...checked.sources]) };
}

/**
 * The checks after parsing, for one syntactically valid file: the semantic stage
 * (imports, names, constants with overrides, shapes) is to be called from here. Returns the
 * diagnostics and any further sources they point into (imported files, for code frames);
 * it must report, never throw, for a user's mistake.
 */
export async function checkOneFile(
  _path: string,
  _source: Source,
  _file: File,
  _options: CheckFileOptions,
): Promise<FileCheck> {
  return { diagnostics: [], sources: new Map() };
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

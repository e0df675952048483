import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Diagnostic } from '../base/diagnostics/diagnostic.js';
import { diagnose } from '../base/diagnostics/code.js';
import { FileNotFound, FileTooLarge, FileUnreadable } from '../base/diagnostics/codes.js';
import { FileRefusal, fileReason } from '../io/reason.js';

export interface ExpandedPaths {
  /** Files to process, as the user would write them (relative paths stay relative). */
  readonly files: readonly string[];
  /** VN001/VN002 for paths that do not exist or cannot be listed. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The files named by command-line paths: a file is taken as it is (whatever its extension),
 * a directory is searched recursively for `*.vnet` files, sorted so output is reproducible.
 * Hidden directories and node_modules are skipped. A file named twice is listed once.
 */
export async function expandPaths(paths: readonly string[], cwd: string): Promise<ExpandedPaths> {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of paths) {
    const found = await expandOne(p, cwd, diagnostics);
    files.push(...found);
  }
  return { files: dedupe(files, cwd), diagnostics };
}

async function expandOne(p: string, cwd: string, diagnostics: Diagnostic[]): Promise<string[]> {
  try {
    const info = await stat(path.resolve(cwd, p));
    if (!info.isDirectory()) return [p];
    return (await walk(p, cwd)).sort(comparePaths);
  } catch (error) {
    diagnostics.push(ioDiagnostic(p, error));
    return [];
  }
}

async function walk(dir: string, cwd: string): Promise<string[]> {
  const entries = await readdir(path.resolve(cwd, dir), { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') out.push(...(await walk(child, cwd)));
    } else if (entry.name.endsWith('.vnet') && (entry.isFile() || entry.isSymbolicLink())) {
      out.push(child);
    }
  }
  return out;
}

/** Code-unit order (not locale order), so the result is the same on every machine. */
function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedupe(files: readonly string[], cwd: string): string[] {
  const seen = new Set<string>();
  return files.filter((f) => {
    const key = path.resolve(cwd, f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** VN001 for a missing path, VN002 for any other reason it cannot be read. */
export function ioDiagnostic(p: string, error: unknown): Diagnostic {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return diagnose(FileNotFound, { path: p });
  if (error instanceof FileRefusal && error.size) return diagnose(FileTooLarge, { path: p, ...error.size });
  return diagnose(FileUnreadable, { path: p, reason: fileReason(error) });
}

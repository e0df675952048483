/**
 * Loads the entry file and, transitively, every file it imports (paths relative to the importing file).
 * A cycle is reported once, at the import that closes it, naming every file of the cycle; a missing
 * import is reported at the import's path. Files are decoded and parsed here; nothing else reads files.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { File, ImportDecl } from '../../dsl/ast.js';
import { parseSource } from '../../dsl/parse.js';
import { decodeSource } from '../../dsl/decode.js';
import type { Source } from '../../dsl/source.js';
import { diagnose } from '../diagnostics/code.js';
import { FileNotFound, ImportCycle, ImportNotFound } from '../diagnostics/codes.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import type { Report } from './arithmetic.js';

/** Where source files come from: absolute or cwd-relative paths; undefined when there is no such file. */
export interface SourceHost {
  readFile(path: string): Uint8Array | undefined;
}

export const nodeHost: SourceHost = {
  readFile(p) {
    try {
      return readFileSync(p);
    } catch {
      return undefined;
    }
  },
};

export interface Module {
  readonly path: string;
  readonly source: Source;
  readonly file: File;
  /** Resolved paths of the files this one imports, in order (only those that loaded). */
  readonly imports: readonly string[];
}

export interface Program {
  readonly entry: string;
  /** Every loaded file by path, dependencies before dependents. */
  readonly modules: ReadonlyMap<string, Module>;
  /** Whether any file had a read, encoding or syntax error (later stages then stop). */
  readonly broken: boolean;
}

export function importPath(importer: string, decl: ImportDecl): string {
  return path.normalize(path.join(path.dirname(importer), decl.path));
}

export function loadProgram(entry: string, host: SourceHost, report: Report, entryText?: string): Program {
  const modules = new Map<string, Module>();
  const stack: string[] = [];
  let broken = false;

  const parse = (file: string, bytes: Uint8Array | undefined, text: string | undefined): { source: Source; file: File } | undefined => {
    const decoded = text !== undefined ? decodeText(file, text) : bytes ? decodeSource(file, bytes) : undefined;
    if (!decoded) return undefined;
    decoded.diagnostics.forEach(report);
    if (!decoded.source) return undefined;
    const parsed = parseSource(decoded.source);
    parsed.diagnostics.forEach(report);
    if (hasErrors(decoded.diagnostics) || hasErrors(parsed.diagnostics)) broken = true;
    return { source: decoded.source, file: parsed.file };
  };

  const visit = (file: string, loaded: { source: Source; file: File }): void => {
    stack.push(file);
    const imports: string[] = [];
    for (const item of loaded.file.items) {
      if (item.kind !== 'ImportDecl') continue;
      const target = importPath(file, item);
      const at = stack.indexOf(target);
      if (at >= 0) {
        report(diagnose(ImportCycle, { cycle: [...stack.slice(at), target] }, item.pathSpan));
        broken = true;
        continue;
      }
      imports.push(target);
      if (modules.has(target)) continue;
      const child = parse(target, host.readFile(target), undefined);
      if (!child) {
        if (!host.readFile(target)) report(diagnose(ImportNotFound, { path: item.path, resolved: target }, item.pathSpan));
        broken = true;
        imports.pop();
        continue;
      }
      visit(target, child);
    }
    stack.pop();
    modules.set(file, { path: file, source: loaded.source, file: loaded.file, imports });
  };

  const root = parse(entry, entryText === undefined ? host.readFile(entry) : undefined, entryText);
  if (!root) {
    if (entryText === undefined && !host.readFile(entry)) report(diagnose(FileNotFound, { path: entry }));
    return { entry, modules, broken: true };
  }
  visit(entry, root);
  return { entry, modules, broken };
}

function decodeText(file: string, text: string): ReturnType<typeof decodeSource> {
  return decodeSource(file, new TextEncoder().encode(text));
}


/**
 * Loads the entry file and, transitively, every file it imports (paths relative to the importing file).
 * A cycle is reported once, at the import that closes it, naming every file of the cycle; a missing
 * import is reported at the import's path. Files are decoded and parsed here; nothing else reads files.
 *
 * Files are identified by their real path when the host knows it, so symbolic links neither make the
 * import graph explode (`x -> .`) nor hide a cycle; each file keeps the spelling it was first reached by.
 * With a project root, a file whose real path is outside it is not read at all (VN010). A file that is
 * not named `.vnet` and does not parse is reported without its text (VN009), so an import of a secret
 * file cannot print its lines in code frames.
 */
import * as path from 'node:path';
import type { File, ImportDecl } from '../../dsl/ast.js';
import { parseSource } from '../../dsl/parse.js';
import { decodeSource } from '../../dsl/decode.js';
import type { Source } from '../../base/source.js';
import type { Span } from '../../base/span.js';
import { FileRefusal, fileReason } from '../../io/reason.js';
import { diagnose } from '../../base/diagnostics/code.js';
import {
  ElaborationLimit,
  FileNotFound,
  FileTooLarge,
  FileUnreadable,
  ImportCycle,
  ImportNotFound,
  ImportOutsideRoot,
  ImportUnreadable,
  NotVnetSource,
} from '../../base/diagnostics/codes.js';
import { hasErrors, type Diagnostic } from '../../base/diagnostics/diagnostic.js';
import type { Report } from './arithmetic.js';
import { fileHost } from './file-host.js';
import { isInside } from './project-root.js';

/** Where source files come from: absolute or cwd-relative paths. */
export interface SourceHost {
  /** The bytes; undefined when there is no such file; throws when the file cannot be read (the reason is reported). */
  readFile(path: string): Uint8Array | undefined;
  /** The real path (symbolic links resolved), undefined when there is no such file; without it, paths are compared as spelled. */
  realPath?(path: string): string | undefined;
}

export const nodeHost: SourceHost = fileHost();

/** The most files one program may load (the entry included); real projects load a few dozen. */
export const MAX_PROGRAM_FILES = 1000;

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

export interface LoadOptions {
  /** Real path of the folder imports must stay inside; absent: anywhere. Needs host.realPath. */
  readonly root?: string;
}

export function importPath(importer: string, decl: ImportDecl): string {
  return path.normalize(path.join(path.dirname(importer), decl.path));
}

type Parsed = { source: Source; file: File };

export function loadProgram(entry: string, host: SourceHost, report: Report, entryText?: string, options: LoadOptions = {}): Program {
  const modules = new Map<string, Module>();
  // Real path -> the spelling the file is known by (the key of `modules` and of the cycle stack).
  const spelled = new Map<string, string>();
  const stack: string[] = [];
  let broken = false;
  let tooMany = false;

  const canonical = (file: string): { key: string; real?: string } => {
    const real = host.realPath?.(file);
    if (real === undefined) return { key: file };
    const known = spelled.get(real);
    if (known !== undefined) return { key: known, real };
    spelled.set(real, file);
    return { key: file, real };
  };

  /** Decodes and parses; a non-.vnet file that fails is one VN009 without its text. */
  const parse = (file: string, real: string | undefined, bytes: Uint8Array | undefined, text: string | undefined, at?: Span): Parsed | undefined => {
    const found: Diagnostic[] = [];
    const decoded = text !== undefined ? decodeText(file, text) : bytes ? decodeSource(file, bytes) : undefined;
    if (!decoded) return undefined;
    found.push(...decoded.diagnostics);
    const parsed = decoded.source ? parseSource(decoded.source) : undefined;
    if (parsed) found.push(...parsed.diagnostics);
    const failed = !decoded.source || hasErrors(found);
    if (failed && path.extname(real ?? file) !== '.vnet') {
      report(diagnose(NotVnetSource, { path: file }, at));
      broken = true;
      return undefined;
    }
    found.forEach(report);
    if (failed) broken = true;
    return decoded.source && parsed ? { source: decoded.source, file: parsed.file } : undefined;
  };

  /** The file's bytes, or undefined after reporting why they cannot be had. */
  const read = (file: string, real: string | undefined, item: ImportDecl | undefined): Uint8Array | undefined => {
    if (options.root !== undefined && real !== undefined && !isInside(options.root, real)) {
      report(diagnose(ImportOutsideRoot, { path: item?.path ?? file, root: options.root }, item?.pathSpan));
      return undefined;
    }
    try {
      const bytes = host.readFile(file);
      if (bytes === undefined) {
        report(item ? diagnose(ImportNotFound, { path: item.path, resolved: file }, item.pathSpan) : diagnose(FileNotFound, { path: file }));
      }
      return bytes;
    } catch (error) {
      if (error instanceof FileRefusal && error.size) {
        report(diagnose(FileTooLarge, { path: item?.path ?? file, ...error.size }, item?.pathSpan));
        return undefined;
      }
      const reason = fileReason(error);
      report(item ? diagnose(ImportUnreadable, { path: item.path, reason }, item.pathSpan) : diagnose(FileUnreadable, { path: file, reason }));
      return undefined;
    }
  };

  /**
   * Depth-first over the imports with an explicit stack (a chain of thousands of files uses no native
   * stack per file); a file is added to `modules` after everything it imports.
   */
  const visit = (entry: string, loaded: Parsed): void => {
    const frames: { file: string; loaded: Parsed; next: number; imports: string[] }[] = [];
    const enter = (file: string, parsed: Parsed): void => {
      stack.push(file);
      frames.push({ file, loaded: parsed, next: 0, imports: [] });
    };
    enter(entry, loaded);
    while (frames.length > 0) {
      const top = frames[frames.length - 1]!;
      const item = top.loaded.file.items[top.next++];
      if (item === undefined) {
        frames.pop();
        stack.pop();
        modules.set(top.file, { path: top.file, source: top.loaded.source, file: top.loaded.file, imports: top.imports });
        continue;
      }
      if (item.kind !== 'ImportDecl') continue;
      const { key: target, real } = canonical(importPath(top.file, item));
      const at = stack.indexOf(target);
      if (at >= 0) {
        report(diagnose(ImportCycle, { cycle: [...stack.slice(at), target] }, item.pathSpan));
        broken = true;
        continue;
      }
      if (modules.has(target)) {
        top.imports.push(target);
        continue;
      }
      if (modules.size + stack.length >= MAX_PROGRAM_FILES) {
        if (!tooMany) report(diagnose(ElaborationLimit, { what: 'the number of files this program imports', limit: MAX_PROGRAM_FILES }, item.pathSpan));
        tooMany = true;
        broken = true;
        continue;
      }
      const bytes = read(target, real, item);
      const child = bytes ? parse(target, real, bytes, undefined, item.pathSpan) : undefined;
      if (!child) {
        broken = true;
        continue;
      }
      top.imports.push(target);
      enter(target, child);
    }
  };

  const { real } = canonical(entry);
  const bytes = entryText === undefined ? read(entry, real, undefined) : undefined;
  const root = entryText !== undefined || bytes ? parse(entry, real, bytes, entryText) : undefined;
  if (!root) return { entry, modules, broken: true };
  visit(entry, root);
  return { entry, modules, broken };
}

function decodeText(file: string, text: string): ReturnType<typeof decodeSource> {
  return decodeSource(file, new TextEncoder().encode(text));
}

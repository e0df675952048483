/**
 * The server's state: the open documents (their unsaved text is what the checker reads), one analysis
 * per open file, kept until that file or one it imports changes. A change re-checks only the changed
 * file and the open files that load it. Files not open are read as the CLI reads them (the checker's
 * file host: regular files only, bounded, identified by their real path), so an import of a device, a
 * FIFO or the server's own standard input is a diagnostic on the import, never a hang.
 */
import { type Dirent, readdirSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileHost } from '../compiler/check/file-host.js';
import type { SourceHost } from '../compiler/check/load-program.js';
import { findProjectRoot, isInside } from '../compiler/check/project-root.js';
import { Source } from '../base/source.js';
import { type Analysis, analyze, loaded } from './analysis.js';
import { carryShapes } from './carry-shapes.js';
import { pathToUri, uriToPath } from './uri.js';

const encoder = new TextEncoder();
/** Files looked at when a rename or a reference search walks the workspace folders. */
const MAX_WORKSPACE_FILES = 2000;
/** Folder entries read by one walk (a tree of a million empty folders ends here), and its depth. */
const MAX_WALK_ENTRIES = 50_000;
const MAX_WALK_DEPTH = 12;

/** The open documents (the server's `TextDocuments`; tests give a plain list). */
export interface OpenDocuments {
  get(uri: string): TextDocument | undefined;
  all(): TextDocument[];
}

export class Workspace {
  private readonly analyses = new Map<string, Analysis>();
  /** Per open file, its last analysis whose files all parsed (lends shapes while a line is half-typed). */
  private readonly parsed = new Map<string, Analysis>();
  private readonly loadedReal = new WeakMap<Analysis, ReadonlySet<string>>();
  /** Workspace folder paths (for references and renames across files not open). */
  folders: string[] = [];
  /** `--set`-style constant overrides from the client's initializationOptions. */
  sets: Readonly<Record<string, string>> = {};

  /** Reads open documents from the editor, everything else from disk. */
  constructor(readonly documents: OpenDocuments) {}

  private readonly disk = fileHost();

  /** An open document's text (found by its path or its real path), else the file as the CLI reads it. */
  readonly host: SourceHost = {
    readFile: (p) => {
      const doc = this.document(p) ?? this.documentAtRealPath(this.realPath(p));
      return doc ? encoder.encode(doc.getText()) : this.disk.readFile(p);
    },
    realPath: (p) => this.realPath(p),
  };

  document(filePath: string): TextDocument | undefined {
    return this.documents.get(pathToUri(filePath)) ?? this.documents.all().find((d) => uriToPath(d.uri) === filePath);
  }

  /** The real path of a file (symbolic links resolved); undefined when it is not on disk. */
  realPath(filePath: string): string | undefined {
    return this.disk.realPath?.(filePath);
  }

  private documentAtRealPath(real: string | undefined): TextDocument | undefined {
    if (real === undefined) return undefined;
    return this.documents.all().find((d) => this.realPath(uriToPath(d.uri)) === real);
  }

  /** The project root of a file, found as the CLI finds it (nearest vnet.json, package.json or .git). */
  projectRoot(filePath: string): string {
    return findProjectRoot(filePath);
  }

  /** Whether a file is inside `root` by its real path (a document not on disk, by its path). */
  inside(root: string, filePath: string): boolean {
    return isInside(root, this.realPath(filePath) ?? path.resolve(filePath));
  }

  uriOf(filePath: string): string {
    return this.document(filePath)?.uri ?? pathToUri(filePath);
  }

  openPaths(): string[] {
    return this.documents.all().map((d) => uriToPath(d.uri));
  }

  /** The up-to-date analysis of an open file (checked now if its text or an import changed). */
  analysis(filePath: string): Analysis | undefined {
    const cached = this.analyses.get(filePath);
    if (cached) return cached;
    const doc = this.document(filePath);
    if (!doc) return undefined;
    let fresh = analyze(filePath, doc.getText(), this.host, this.sets);
    const good = this.parsed.get(filePath);
    if (!fresh.result.program.broken) this.parsed.set(filePath, fresh);
    else if (good) fresh = carryShapes(fresh, good);
    this.analyses.set(filePath, fresh);
    return fresh;
  }

  /** Drops what `filePath`'s change makes stale; returns the open files to re-check (it and its dependents). */
  invalidate(filePath: string): string[] {
    const stale: string[] = [];
    const real = this.realPath(filePath);
    for (const [entry, a] of this.analyses) {
      if (entry === filePath || loaded(a, filePath) || (real !== undefined && this.realPathsOf(a).has(real))) {
        this.analyses.delete(entry);
        stale.push(entry);
      }
    }
    if (this.document(filePath) && !stale.includes(filePath)) stale.push(filePath);
    return stale;
  }

  /** The real paths of the files an analysis loaded (a file may be imported by another spelling). */
  private realPathsOf(a: Analysis): ReadonlySet<string> {
    let reals = this.loadedReal.get(a);
    if (!reals) {
      reals = new Set([...a.result.program.modules.keys()].flatMap((p) => this.realPath(p) ?? []));
      this.loadedReal.set(a, reals);
    }
    return reals;
  }

  invalidateAll(): string[] {
    this.analyses.clear();
    return this.openPaths();
  }

  forget(filePath: string): void {
    this.analyses.delete(filePath);
    this.parsed.delete(filePath);
  }

  /** Every cached analysis (of open files). */
  all(): Analysis[] {
    return [...this.analyses.values()];
  }

  /** Analyses that read `filePath`, its own first: an imported file's shapes come from its importers. */
  analysesOf(filePath: string): Analysis[] {
    const own = this.analysis(filePath);
    const others = this.openPaths()
      .filter((p) => p !== filePath)
      .map((p) => this.analysis(p))
      .filter((a): a is Analysis => a !== undefined && loaded(a, filePath));
    return own ? [own, ...others] : others;
  }

  /** The text of a file as the checker saw it (an open document's, or the loaded file's). */
  source(filePath: string): Source | undefined {
    for (const a of this.analysesOf(filePath)) {
      const s = a.result.sources.get(filePath);
      if (s) return s;
    }
    const doc = this.document(filePath);
    return doc ? new Source(filePath, doc.getText()) : undefined;
  }

  /**
   * `.vnet` files under the workspace folders (for cross-file references): regular files only, symbolic
   * links never followed, each folder read once (by real path), capped in files, entries and depth.
   */
  workspaceFiles(): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    let entriesLeft = MAX_WALK_ENTRIES;
    const walk = (dir: string, depth: number): void => {
      if (out.length >= MAX_WORKSPACE_FILES || depth > MAX_WALK_DEPTH || entriesLeft <= 0) return;
      let entries: Dirent[];
      try {
        const real = realpathSync(dir);
        if (seen.has(real)) return;
        seen.add(real);
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (--entriesLeft < 0 || out.length >= MAX_WORKSPACE_FILES) return;
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full, depth + 1);
        else if (e.isFile() && e.name.endsWith('.vnet')) out.push(full);
      }
    };
    for (const folder of this.folders) walk(folder, 0);
    return out;
  }
}

/**
 * Every file a cross-file search looks at, inside one project: the files the open documents load, and
 * the `.vnet` files of the workspace folders with their imports. Loaded and resolved by the checker's
 * own loader and resolver (each file with its own project root, as `vnetc check` would load it);
 * nothing is elaborated. A file reached by several paths is kept once (by real path), and the walk
 * stops after MAX_LOADED_FILES loads, however the workspace's imports chain.
 */
import * as path from 'node:path';
import { loadProgram, type Module } from '../compiler/check/load-program.js';
import { type ModuleScope, resolveProgram } from '../compiler/check/resolve.js';
import type { Workspace } from './workspace.js';

export interface FileScope {
  readonly module: Module;
  readonly scope?: ModuleScope;
}

/** Files loaded (counting each time a workspace file's imports load it again) by one search. */
const MAX_LOADED_FILES = 10_000;

/** The files around, all inside `root` (the project root of the file the search started from). */
export function filesAround(ws: Workspace, root: string): Map<string, FileScope> {
  const out = new Map<string, FileScope>();
  const seen = new Set<string>();
  const add = (p: string, module: Module, scope: ModuleScope | undefined): void => {
    const id = ws.realPath(p) ?? p;
    if (seen.has(id) || !ws.inside(root, p)) return;
    seen.add(id);
    out.set(p, { module, ...(scope ? { scope } : {}) });
  };
  for (const open of ws.openPaths()) {
    const a = ws.analysis(open);
    if (!a) continue;
    for (const [p, module] of a.result.program.modules) add(p, module, a.scopes.get(p));
  }
  const ignore = (): void => undefined;
  const roots = new Map<string, string>();
  let loads = 0;
  for (const file of ws.workspaceFiles()) {
    if (loads >= MAX_LOADED_FILES) break;
    if (seen.has(ws.realPath(file) ?? file) || !ws.inside(root, file)) continue;
    const folder = path.dirname(file);
    const own = roots.get(folder) ?? ws.projectRoot(file);
    roots.set(folder, own);
    const program = loadProgram(file, ws.host, ignore, undefined, { root: own });
    loads += program.modules.size;
    const scopes = resolveProgram(program, ignore);
    for (const [p, module] of program.modules) add(p, module, scopes.get(p));
  }
  return out;
}

/**
 * Every file a cross-file search looks at: the files the open documents load, and the `.vnet` files
 * of the workspace folders with their imports. Loaded and resolved by the checker's own loader and
 * resolver; nothing is elaborated.
 */
import { loadProgram, type Module } from '../compiler/check/load-program.js';
import { type ModuleScope, resolveProgram } from '../compiler/check/resolve.js';
import type { Workspace } from './workspace.js';

export interface FileScope {
  readonly module: Module;
  readonly scope?: ModuleScope;
}

export function filesAround(ws: Workspace): Map<string, FileScope> {
  const out = new Map<string, FileScope>();
  for (const path of ws.openPaths()) {
    const a = ws.analysis(path);
    if (!a) continue;
    for (const [p, module] of a.result.program.modules) {
      const scope = a.scopes.get(p);
      if (!out.has(p)) out.set(p, { module, ...(scope ? { scope } : {}) });
    }
  }
  const ignore = (): void => undefined;
  for (const file of ws.workspaceFiles()) {
    if (out.has(file)) continue;
    const program = loadProgram(file, ws.host, ignore);
    const scopes = resolveProgram(program, ignore);
    for (const [p, module] of program.modules) {
      const scope = scopes.get(p);
      if (!out.has(p)) out.set(p, { module, ...(scope ? { scope } : {}) });
    }
  }
  return out;
}

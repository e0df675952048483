/** Where a request points: the file's text and AST as the checker saw them, the offset, and the names it sees. */
import type { Position } from 'vscode-languageserver';
import type { Global, ModuleScope } from '../compiler/check/resolve.js';
import type { File } from '../dsl/ast.js';
import type { Source } from '../base/source.js';
import type { Analysis } from './analysis.js';
import { offsetAt } from './positions.js';
import { uriToPath } from './uri.js';
import type { Workspace } from './workspace.js';

export interface At {
  readonly path: string;
  readonly source: Source;
  readonly file: File;
  readonly offset: number;
  /** The file's own analysis first, then those of open files that import it. */
  readonly analyses: readonly Analysis[];
  readonly scope?: ModuleScope;
}

export function at(ws: Workspace, uri: string, position: Position): At | undefined {
  const path = uriToPath(uri);
  const analyses = ws.analysesOf(path);
  for (const a of analyses) {
    const module = a.result.program.modules.get(path);
    if (!module) continue;
    const scope = a.scopes.get(path);
    return { path, source: module.source, file: module.file, offset: offsetAt(module.source, position), analyses, ...(scope ? { scope } : {}) };
  }
  return undefined;
}

/** The top-level constant or block a name means in this file. */
export function globalNamed(here: At, name: string): Global | undefined {
  return here.scope?.globals.get(name);
}

/** Go to definition: blocks, constants and networks (across files), locals, and import paths; inside the project only. */
import type { Location, Position } from 'vscode-languageserver';
import { importPath } from '../compiler/check/load-program.js';
import { at } from './at.js';
import { START_OF_FILE, rangeOf } from './positions.js';
import { symbolAt } from './symbol-at.js';
import type { Workspace } from './workspace.js';

export function definition(ws: Workspace, uri: string, position: Position): Location | null {
  const here = at(ws, uri, position);
  if (!here) return null;
  const symbol = symbolAt(here);
  if (!symbol) return null;
  // Never a place outside the project (as `vnetc check` never reads an import outside it).
  const inProject = (file: string): boolean => ws.inside(ws.projectRoot(here.path), file);
  switch (symbol.kind) {
    case 'global':
      return inProject(symbol.file) ? { uri: ws.uriOf(symbol.file), range: rangeOf(symbol.decl.name.span) } : null;
    case 'local':
      return { uri, range: rangeOf(symbol.definition.span) };
    case 'import': {
      const item = here.file.items.find((i) => i.kind === 'ImportDecl' && i.path === symbol.written);
      if (!item || item.kind !== 'ImportDecl') return null;
      // Only a file the check could read (a refused or missing import has nowhere to go).
      const target = importPath(here.path, item);
      const read = here.analyses.some((a) => a.result.program.modules.has(target));
      return read && inProject(target) ? { uri: ws.uriOf(target), range: START_OF_FILE } : null;
    }
  }
}

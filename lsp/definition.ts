/** Go to definition: blocks, constants and networks (across files), locals, and import paths. */
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
  switch (symbol.kind) {
    case 'global':
      return { uri: ws.uriOf(symbol.file), range: rangeOf(symbol.decl.name.span) };
    case 'local':
      return { uri, range: rangeOf(symbol.definition.span) };
    case 'import': {
      const item = here.file.items.find((i) => i.kind === 'ImportDecl' && i.path === symbol.written);
      if (!item || item.kind !== 'ImportDecl') return null;
      return { uri: ws.uriOf(importPath(here.path, item)), range: START_OF_FILE };
    }
  }
}

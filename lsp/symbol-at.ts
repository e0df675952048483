/**
 * The symbol under the cursor, resolved the way the checker resolves names: a top-level constant,
 * block or network (by the file that defines it and its name), or a local of one body.
 */
import type { ConstDecl, BlockDecl, Identifier, NetworkDecl } from '../dsl/ast.js';
import { type At, globalNamed } from './at.js';
import { type Body, latestBinding, localDefinition, targetAt } from './find.js';

export type SymbolAt =
  | { readonly kind: 'global'; readonly decl: ConstDecl | BlockDecl | NetworkDecl; readonly file: string }
  | { readonly kind: 'local'; readonly decl: Body; readonly name: string; readonly definition: Identifier }
  | { readonly kind: 'import'; readonly path: string; readonly written: string };

export function symbolAt(here: At): SymbolAt | undefined {
  const target = targetAt(here.file, here.offset);
  if (!target) return undefined;
  switch (target.kind) {
    case 'item':
      return { kind: 'global', decl: target.item, file: here.path };
    case 'import':
      return { kind: 'import', path: target.item.path, written: target.item.path };
    case 'binding': {
      const definition = localDefinition(target.decl, target.name.name) ?? target.name;
      return { kind: 'local', decl: target.decl, name: target.name.name, definition };
    }
    case 'name': {
      const local = target.decl ? latestBinding(target.decl, target.ref.name, here.offset) : undefined;
      if (local && target.decl)
        return { kind: 'local', decl: target.decl, name: target.ref.name, definition: localDefinition(target.decl, target.ref.name) ?? local };
      return global(here, target.ref.name);
    }
    case 'call':
      return target.on === 'callee' ? global(here, target.call.callee.name) : undefined;
  }
}

function global(here: At, name: string): SymbolAt | undefined {
  const g = globalNamed(here, name);
  if (g) return { kind: 'global', decl: g.decl, file: g.module.path };
  const network = here.file.items.find((i): i is NetworkDecl => i.kind === 'NetworkDecl' && i.name.name === name);
  return network ? { kind: 'global', decl: network, file: here.path } : undefined;
}

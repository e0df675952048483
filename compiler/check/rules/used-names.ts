/** Names read anywhere in the program: NameRefs and callees (shared by the unused-definition rules). */
import type { Module, Program } from '../load-program.js';
import { walkFile } from '../walk.js';

export function usedNames(program: Program): { names: Set<string>; callees: Set<string> } {
  const names = new Set<string>();
  const callees = new Set<string>();
  for (const module of program.modules.values()) {
    walkFile(module.file, {
      expr(e) {
        if (e.kind === 'NameRef') names.add(e.name);
        if (e.kind === 'CallExpr') callees.add(e.callee.name);
      },
    });
  }
  return { names, callees };
}

/** Only files that define a network get unused-definition warnings: a file without one is a library. */
export function definesNetwork(module: Module): boolean {
  return module.file.items.some((i) => i.kind === 'NetworkDecl');
}

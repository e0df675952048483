/**
 * The top-level names each file sees: its own constants and blocks and those of every file it imports,
 * transitively. Two different definitions of one name, a block named like a built-in operation, and
 * duplicate parameters are reported here.
 */
import type { BlockDecl, ConstDecl, NetworkDecl, Param } from '../../dsl/ast.js';
import type { Span } from '../../base/span.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { DuplicateDefinition, ShadowsOperation } from '../../base/diagnostics/codes.js';
import { surfaceOps } from '../ir/ops/index.js';
import type { Report } from './arithmetic.js';
import type { Module, Program } from './load-program.js';

export type Global =
  | { readonly kind: 'const'; readonly decl: ConstDecl; readonly module: Module }
  | { readonly kind: 'block'; readonly decl: BlockDecl; readonly module: Module };

export interface ModuleScope {
  readonly module: Module;
  /** Constants and blocks visible in the file, own and imported. */
  readonly globals: ReadonlyMap<string, Global>;
  readonly networks: readonly NetworkDecl[];
}

export type Scopes = ReadonlyMap<string, ModuleScope>;

function ownGlobals(module: Module, report: Report): Map<string, Global> {
  const own = new Map<string, Global>();
  const seen = new Map<string, Span>();
  for (const item of module.file.items) {
    if (item.kind === 'ImportDecl') continue;
    const name = item.name;
    const first = seen.get(name.name);
    if (first) {
      report(diagnose(DuplicateDefinition, { name: name.name, what: 'a top-level definition' }, name.span, [{ span: first, message: 'first defined here' }]));
      continue;
    }
    seen.set(name.name, name.span);
    if (item.kind === 'ConstDecl') own.set(name.name, { kind: 'const', decl: item, module });
    if (item.kind === 'BlockDecl') {
      if (surfaceOps.has(name.name)) report(diagnose(ShadowsOperation, { name: name.name }, name.span));
      own.set(name.name, { kind: 'block', decl: item, module });
    }
    if (item.kind === 'BlockDecl' || item.kind === 'NetworkDecl') checkParams(item.params, report);
  }
  return own;
}

function checkParams(params: readonly Param[], report: Report): void {
  const seen = new Map<string, Span>();
  for (const p of params) {
    const first = seen.get(p.name.name);
    if (first) report(diagnose(DuplicateDefinition, { name: p.name.name, what: 'a parameter' }, p.name.span, [{ span: first, message: 'first defined here' }]));
    else seen.set(p.name.name, p.name.span);
  }
}

export function resolveProgram(program: Program, report: Report): Scopes {
  const own = new Map<string, Map<string, Global>>();
  for (const [p, m] of program.modules) own.set(p, ownGlobals(m, report));
  const scopes = new Map<string, ModuleScope>();
  for (const [p, module] of program.modules) {
    const globals = new Map(own.get(p));
    for (const dep of transitiveImports(program, p)) {
      for (const [name, g] of own.get(dep) ?? []) {
        const existing = globals.get(name);
        if (existing && existing.decl !== g.decl) {
          report(
            diagnose(DuplicateDefinition, { name, what: `also defined in ${g.module.path}` }, existing.decl.name.span, [
              { span: g.decl.name.span, message: 'other definition' },
            ]),
          );
        } else if (!existing) {
          globals.set(name, g);
        }
      }
    }
    const networks = module.file.items.filter((i): i is NetworkDecl => i.kind === 'NetworkDecl');
    scopes.set(p, { module, globals, networks });
  }
  return scopes;
}

/** Every file `from` imports, directly or not, depth-first in import order (a loop, however deep the chain). */
function transitiveImports(program: Program, from: string): string[] {
  const seen = new Set<string>([from]);
  const order: string[] = [];
  const pending: (readonly string[])[] = [program.modules.get(from)?.imports ?? []];
  const next: number[] = [0];
  while (pending.length > 0) {
    const level = pending.length - 1;
    const dep = pending[level]![next[level]!++];
    if (dep === undefined) {
      pending.pop();
      next.pop();
    } else if (!seen.has(dep)) {
      seen.add(dep);
      order.push(dep);
      pending.push(program.modules.get(dep)?.imports ?? []);
      next.push(0);
    }
  }
  return order;
}

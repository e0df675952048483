/**
 * Top-level constants: evaluated on demand (so a constant may use any other, in any order), with
 * cycles reported, declared types enforced, and `--set NAME=VALUE` overrides applied before anything
 * that depends on them is evaluated.
 */
import type { ConstDecl } from '../../dsl/ast.js';
import { parseSource } from '../../dsl/parse.js';
import { Source } from '../../base/source.js';
import { diagnose } from '../../base/diagnostics/code.js';
import {
  BadSetOverride,
  ConstTypeMismatch,
  ConstantCycle,
  ConstantNotScalar,
  ElaborationLimit,
  InexactDivision,
  UnknownSetOverride,
} from '../../base/diagnostics/codes.js';
import { ELABORATION_LIMITS } from './elaboration-budget.js';
import type { Report } from './arithmetic.js';
import { type EvalEnv, evaluate } from './evaluate.js';
import type { ModuleScope, Scopes } from './resolve.js';
import { POISON, type Value, describe, show, typeName } from './value.js';

export interface Constants {
  /** The value of a constant (with overrides), evaluated on first use. */
  value(decl: ConstDecl, scope: ModuleScope): Value;
  /** Name -> value of every constant visible in a file (for `IRGraph.constants`). */
  visible(scope: ModuleScope): Map<string, Value>;
}

export interface MutableConstants extends Constants {
  override(decl: ConstDecl, v: Value): void;
  /** Forgets values computed so far (after overrides, so dependents see them). */
  reset(): void;
}

export function createConstants(scopes: Scopes, report: Report): MutableConstants {
  const memo = new Map<ConstDecl, Value>();
  const overrides = new Map<ConstDecl, Value>();
  const active: string[] = [];
  let tooDeep = false;

  const value = (decl: ConstDecl, scope: ModuleScope): Value => {
    const known = overrides.get(decl) ?? memo.get(decl);
    if (known) return known;
    const at = active.indexOf(decl.name.name);
    if (at >= 0) {
      report(diagnose(ConstantCycle, { cycle: [...active.slice(at), decl.name.name] }, decl.name.span));
      return POISON;
    }
    if (active.length >= ELABORATION_LIMITS.constantDepth) {
      // Reported once: the rest of such a chain would only repeat it.
      const what = `the chain of constants that '${active[0]}' waits on (here at '${decl.name.name}')`;
      if (!tooDeep) report(diagnose(ElaborationLimit, { what, limit: ELABORATION_LIMITS.constantDepth }, decl.name.span));
      tooDeep = true;
      return POISON;
    }
    active.push(decl.name.name);
    const home = scopes.get(scope.globals.get(decl.name.name)?.module.path ?? scope.module.path) ?? scope;
    const v = checkDeclared(decl, evaluate(decl.value, constantEnv(home, value, report)), report);
    active.pop();
    memo.set(decl, v);
    return v;
  };

  return {
    value,
    visible(scope) {
      const out = new Map<string, Value>();
      for (const [name, g] of scope.globals) if (g.kind === 'const') out.set(name, value(g.decl, scope));
      return out;
    },
    override(decl, v) {
      overrides.set(decl, v);
    },
    reset() {
      memo.clear();
    },
  };
}

export function constantEnv(scope: ModuleScope, value: (d: ConstDecl, s: ModuleScope) => Value, report: Report): EvalEnv {
  return {
    report,
    lookup(name) {
      const g = scope.globals.get(name);
      return g?.kind === 'const' ? value(g.decl, scope) : undefined;
    },
    names: () => [...scope.globals.keys()],
  };
}

function checkDeclared(decl: ConstDecl, v: Value, report: Report): Value {
  if (v.kind === 'poison') return v;
  if (v.kind === 'tensor' || v.kind === 'dim') {
    report(diagnose(ConstantNotScalar, { name: decl.name.name }, decl.value.span));
    return POISON;
  }
  if (v.kind === 'word' && v.span && decl.type && decl.type.name !== 'word') {
    report(diagnose(ConstTypeMismatch, { name: decl.name.name, declared: decl.type.name, found: describe(v) }, decl.value.span));
    return POISON;
  }
  const declared = decl.type?.name;
  if (!declared) return v.kind === 'word' ? { kind: 'word', value: v.value } : v;
  if (declared === 'int' && v.kind === 'ratio') {
    report(diagnose(InexactDivision, { left: String(v.num), right: String(v.den) }, decl.value.span));
    return POISON;
  }
  if (declared === 'float' && v.kind === 'int') return { kind: 'float', value: v.value };
  if (typeName(v) === declared) return v.kind === 'word' ? { kind: 'word', value: v.value } : v;
  report(diagnose(ConstTypeMismatch, { name: decl.name.name, declared, found: describe(v) }, decl.value.span));
  return POISON;
}

/** The type a constant keeps under --set: its declared type, else its default value's. */
function constantType(decl: ConstDecl, v: Value): string {
  return decl.type?.name ?? typeName(v);
}

/** Applies `--set` overrides: each value text is parsed as a vnet expression and must keep the constant's type. */
export function applyOverrides(sets: Readonly<Record<string, string>>, entry: ModuleScope, constants: MutableConstants, report: Report): void {
  const known = [...entry.globals].filter(([, g]) => g.kind === 'const').map(([n]) => n);
  for (const [name, text] of Object.entries(sets)) {
    const g = entry.globals.get(name);
    if (g?.kind !== 'const') {
      report(diagnose(UnknownSetOverride, { name, known }));
      continue;
    }
    const bad = (reason: string) => report(diagnose(BadSetOverride, { text: `${name}=${text}`, reason }));
    const parsed = parseSource(new Source(`--set ${name}`, `const __set = ${text}`));
    const item = parsed.file.items[0];
    const syntax = parsed.diagnostics.find((d) => d.severity === 'error');
    if (syntax || parsed.file.items.length !== 1 || item?.kind !== 'ConstDecl') {
      bad(syntax ? syntax.message : 'not a single value');
      continue;
    }
    const errors: string[] = [];
    const v = evaluate(
      item.value,
      constantEnv(entry, constants.value, (d) => errors.push(d.message)),
    );
    if (errors.length > 0 || v.kind === 'poison') {
      bad(errors[0] ?? 'not a value');
      continue;
    }
    const expected = constantType(g.decl, constants.value(g.decl, entry));
    const found = typeName(v);
    if (found === expected) constants.override(g.decl, v.kind === 'word' ? { kind: 'word', value: v.value } : v);
    else if (expected === 'float' && v.kind === 'int') constants.override(g.decl, { kind: 'float', value: v.value });
    else if (expected === 'int' && v.kind === 'ratio') bad(`${show(v)} is not a whole number`);
    else bad(`${name} is ${article(expected)}, but ${text} is ${article(found)}`);
  }
  constants.reset();
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

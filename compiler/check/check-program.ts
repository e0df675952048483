/**
 * The checker's entry point: load the files, resolve names, evaluate constants (with --set), run the
 * AST rules, then elaborate each network of the entry file into an IRGraph. Reports, never throws, for
 * a user's mistake; a graph is returned only for a network that checked clean.
 */
import type { NetworkDecl } from '../../dsl/ast.js';
import { Source } from '../../base/source.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { CheckFailed, ElaborationLimit, NetworkNotFound } from '../../base/diagnostics/codes.js';
import { ELABORATION_LIMITS } from './elaboration-budget.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import { sortDiagnostics } from '../../base/diagnostics/sort.js';
import type { IRGraph } from '../ir/graph.js';
import { applyOverrides, createConstants } from './constants.js';
import { Elaborator } from './elaborate.js';
import { type Program, type SourceHost, loadProgram, nodeHost } from './load-program.js';
import type { ElaborationObserver } from './observe.js';
import { type Scopes, resolveProgram } from './resolve.js';
import { findProjectRoot } from './project-root.js';
import { rules } from './rules/index.js';

export type { SourceHost } from './load-program.js';

export interface CheckOptions {
  /** `--set NAME=VALUE` overrides: constant name -> value text (a vnet expression). */
  sets?: Readonly<Record<string, string>>;
  /** Check (and return the graph of) only this network; it may come from an imported file. */
  network?: string;
  /** Where files are read from (default: the file system). */
  host?: SourceHost;
  /**
   * Imports must stay inside this folder (a real path). Default, for a host that knows real paths:
   * the project root of the entry file (see project-root.ts); `null`: anywhere (--allow-imports-outside).
   */
  importRoot?: string | null;
  /** Sees every tensor elaboration makes, with its span (the language server's shapes). */
  observe?: ElaborationObserver;
}

export interface CheckResult {
  /** Errors and warnings, sorted by file and offset. */
  diagnostics: Diagnostic[];
  /** Every file loaded (for code frames). */
  sources: Map<string, Source>;
  /** One per network of the entry file that checked clean (all, or only `network`). */
  graphs: IRGraph[];
  /** The files loaded and parsed (ASTs), and the names each file sees (absent when a file did not parse). */
  program: Program;
  scopes?: Scopes;
}

export function checkProgram(entryPath: string, options: CheckOptions = {}): CheckResult {
  return run(entryPath, undefined, options);
}

/** For tests: the entry file's text is given; imports are read through `options.host`. */
export function checkText(file: string, text: string, options: CheckOptions = {}): CheckResult {
  return run(file, text, options);
}

/**
 * Should a file still need more native stack than Node has (the checker walks long chains with
 * loops, and limits nesting, block depth and constant chains), that is a diagnostic at the file,
 * never an internal error.
 */
function run(entry: string, text: string | undefined, options: CheckOptions): CheckResult {
  try {
    return runUnguarded(entry, text, options);
  } catch (error) {
    if (!(error instanceof RangeError && /call stack/i.test(error.message))) throw error;
    const failed = diagnose(
      CheckFailed,
      { path: entry, reason: 'it nests too deeply (the checker ran out of stack)' },
      text === undefined ? undefined : new Source(entry, text).span(0, 0),
    );
    return { diagnostics: [failed], sources: new Map(), graphs: [], program: { entry, modules: new Map(), broken: true } };
  }
}

function runUnguarded(entry: string, text: string | undefined, options: CheckOptions): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  // Counted as they come, so asking "any new errors?" per network stays linear in the diagnostics.
  let errorCount = 0;
  const report = (d: Diagnostic): void => {
    const key = `${d.code}|${d.span?.file}|${d.span?.start}|${d.span?.end}|${d.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    diagnostics.push(d);
    if (d.severity === 'error') errorCount++;
  };
  const host = options.host ?? nodeHost;
  const root = options.importRoot === null || !host.realPath ? undefined : (options.importRoot ?? findProjectRoot(entry));
  const program = loadProgram(entry, host, report, text, root !== undefined ? { root } : {});
  const sources = new Map<string, Source>([...program.modules].map(([p, m]) => [p, m.source]));
  const graphs: IRGraph[] = [];
  const entryScope = program.broken ? undefined : resolveProgram(program, report);
  const done = (): CheckResult => ({ diagnostics: sortDiagnostics(diagnostics), sources, graphs, program, ...(entryScope ? { scopes: entryScope } : {}) });
  const scope = entryScope?.get(entry);
  if (!entryScope || !scope) return done();

  const constants = createConstants(entryScope, report);
  applyOverrides(options.sets ?? {}, scope, constants, report);
  for (const [name, g] of scope.globals) if (g.kind === 'const' && name) constants.value(g.decl, entryScope.get(g.module.path) ?? scope);
  for (const rule of rules) rule({ program, scopes: entryScope, report });

  const targets = options.network === undefined ? firstOfEachName(scope.networks).map((n) => ({ decl: n, module: scope })) : findNetwork(options.network);
  if (options.network !== undefined && targets.length === 0) {
    const available = [...entryScope.values()].flatMap((s) => s.networks.map((n) => n.name.name));
    report(diagnose(NetworkNotFound, { name: options.network, available }));
  }
  const errors = () => errorCount;
  const globalErrors = errors();
  const elaborator = new Elaborator(entryScope, constants, report, options.observe);
  for (const { decl, module } of targets) {
    const before = errors();
    const graph = elaborateWithinStack(() => elaborator.network(decl, module), decl, report);
    if (graph && errors() === before && globalErrors === 0) graphs.push(graph);
  }
  return done();

  function findNetwork(name: string) {
    const own = scope?.networks.find((n) => n.name.name === name);
    if (own && scope) return [{ decl: own, module: scope }];
    for (const s of entryScope?.values() ?? []) {
      const found = s.networks.find((n) => n.name.name === name);
      if (found) return [{ decl: found, module: s }];
    }
    return [];
  }
}

/**
 * A network whose name is taken is already an error (VN203) and can never be compiled or picked by
 * name, so only the first of each name is elaborated: a file of many copies checks in linear time.
 */
function firstOfEachName(networks: readonly NetworkDecl[]): NetworkDecl[] {
  const seen = new Set<string>();
  return networks.filter((n) => !seen.has(n.name.name) && Boolean(seen.add(n.name.name)));
}

/**
 * The block-depth limit keeps elaboration inside Node's stack; should an expression still nest deeper
 * than the stack holds, that is a diagnostic at the network, never an internal error.
 */
function elaborateWithinStack(run: () => IRGraph | undefined, decl: NetworkDecl, report: (d: Diagnostic) => void): IRGraph | undefined {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    report(
      diagnose(
        ElaborationLimit,
        { what: `the nesting of network '${decl.name.name}' (it ran out of stack)`, limit: ELABORATION_LIMITS.blockDepth },
        decl.name.span,
      ),
    );
    return undefined;
  }
}

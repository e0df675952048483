/**
 * One checked entry file, as the server keeps it: the checker's result (diagnostics, sources, ASTs,
 * scopes) and every tensor elaboration produced, grouped by the file its span is in. Nothing here
 * checks anything itself: it is `checkText` with an observer, and a check that throws stays this
 * document's problem.
 */
import { checkText, type CheckResult, type SourceHost } from '../compiler/check/check-program.js';
import type { Observed } from '../compiler/check/observe.js';
import { resolveProgram, type Scopes } from '../compiler/check/resolve.js';
import { diagnose } from '../base/diagnostics/code.js';
import { CheckFailed } from '../base/diagnostics/codes.js';
import { Source } from '../base/source.js';

export interface Analysis {
  readonly entry: string;
  readonly result: CheckResult;
  /** Every loaded file's names (resolved even when some file has syntax errors). */
  readonly scopes: Scopes;
  /** Observed tensors by file path, in elaboration order. */
  readonly observed: ReadonlyMap<string, readonly Observed[]>;
}

export function analyze(entry: string, text: string, host: SourceHost, sets: Readonly<Record<string, string>> = {}): Analysis {
  try {
    return analyzeUnguarded(entry, text, host, sets);
  } catch (error) {
    return failedAnalysis(entry, text, error);
  }
}

function analyzeUnguarded(entry: string, text: string, host: SourceHost, sets: Readonly<Record<string, string>>): Analysis {
  const observed = new Map<string, Observed[]>();
  const result = checkText(entry, text, {
    host,
    sets,
    observe: (seen) => {
      const list = observed.get(seen.span.file);
      if (list) list.push(seen);
      else observed.set(seen.span.file, [seen]);
    },
  });
  const scopes = result.scopes ?? resolveProgram(result.program, () => undefined);
  return { entry, result, scopes, observed };
}

/**
 * A check that threw (a bug in vnet) is one diagnostic on that document and an analysis with no files,
 * so every other document's hover, completion and diagnostics go on as before.
 */
function failedAnalysis(entry: string, text: string, error: unknown): Analysis {
  const reason = `internal error: ${error instanceof Error ? error.message : String(error)} (please report it)`;
  const failed = diagnose(CheckFailed, { path: entry, reason }, new Source(entry, text).span(0, 0));
  const result: CheckResult = { diagnostics: [failed], sources: new Map(), graphs: [], program: { entry, modules: new Map(), broken: true } };
  return { entry, result, scopes: new Map(), observed: new Map() };
}

/** Whether the analysis read `path` (the entry or one of its imports). */
export function loaded(analysis: Analysis, path: string): boolean {
  return analysis.result.program.modules.has(path) || analysis.entry === path;
}

/**
 * The checker's diagnostics as LSP diagnostics: same codes, messages, hints and related locations as
 * `vnetc check`. Published per file: an open file's own problems and those its importers' checks found
 * in it; a file that no longer has any gets an empty list once.
 */
import { type Diagnostic as LspDiagnostic, DiagnosticSeverity, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { Diagnostic, Severity } from '../base/diagnostics/diagnostic.js';
import type { Analysis } from './analysis.js';
import { START_OF_FILE, rangeOf } from './positions.js';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
};

export function toLspDiagnostic(d: Diagnostic, uriOf: (path: string) => string): LspDiagnostic {
  const related: DiagnosticRelatedInformation[] = (d.related ?? []).map((r) => ({
    location: { uri: uriOf(r.span.file), range: rangeOf(r.span) },
    message: r.message,
  }));
  return {
    range: d.span ? rangeOf(d.span) : START_OF_FILE,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'vnet',
    message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
  };
}

/** Every analysis's diagnostics, by file path (a problem with no place goes to its entry file); duplicates dropped. */
export function diagnosticsByFile(analyses: readonly Analysis[], uriOf: (path: string) => string): Map<string, LspDiagnostic[]> {
  const out = new Map<string, LspDiagnostic[]>();
  const seen = new Set<string>();
  for (const a of analyses) {
    for (const d of a.result.diagnostics) {
      const file = d.span?.file ?? a.entry;
      const lsp = toLspDiagnostic(d, uriOf);
      const key = `${file}|${JSON.stringify(lsp)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const list = out.get(file);
      if (list) list.push(lsp);
      else out.set(file, [lsp]);
    }
  }
  return out;
}

/**
 * Sends each re-checked file's list (even when unchanged: the client learns the check is done), other
 * files' lists only when they changed, and an empty list once for a file that no longer has problems.
 */
export class DiagnosticsPublisher {
  private readonly last = new Map<string, string>();

  constructor(private readonly send: (uri: string, diagnostics: LspDiagnostic[]) => void) {}

  publish(byFile: ReadonlyMap<string, LspDiagnostic[]>, uriOf: (path: string) => string, rechecked: readonly string[]): void {
    const files = new Set([...rechecked, ...byFile.keys(), ...this.last.keys()]);
    for (const file of files) {
      const list = byFile.get(file) ?? [];
      const text = JSON.stringify(list);
      if (this.last.get(file) === text && !rechecked.includes(file)) continue;
      if (list.length === 0 && !this.last.has(file) && !rechecked.includes(file)) continue;
      this.send(uriOf(file), list);
      if (list.length === 0 && !rechecked.includes(file)) this.last.delete(file);
      else this.last.set(file, text);
    }
  }

  /** A closed file's problems are cleared. */
  clear(file: string, uri: string): void {
    this.last.delete(file);
    this.send(uri, []);
  }
}

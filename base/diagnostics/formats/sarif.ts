import type { Span } from '../../span.js';
import type { DiagnosticCode } from '../code.js';
import * as registry from '../codes.js';
import { type Formatter, relativePath } from './format.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * SARIF 2.1.0, the format code-scanning services (GitHub code scanning, Azure DevOps, IDE viewers)
 * read: one run, one rule per code used, one result per diagnostic. URIs are relative to `cwd`
 * with forward slashes; regions are 1-based with an exclusive end column, as SARIF defines them, in
 * UTF-16 code units, which the run declares (`columnKind`).
 */
export const formatSarif: Formatter = (diagnostics, _sources, options = {}) => {
  const codes = [...new Set(diagnostics.map((d) => d.code))].sort();
  const ruleIndex = new Map(codes.map((code, i) => [code, i]));
  const driver = {
    name: 'vnetc',
    ...(options.toolVersion ? { version: options.toolVersion } : {}),
    rules: codes.map((code) => ({ id: code, shortDescription: { text: titleOf(code) } })),
  };
  const results = diagnostics.map((d) => ({
    ruleId: d.code,
    ruleIndex: ruleIndex.get(d.code) ?? 0,
    level: d.severity,
    message: { text: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message },
    ...(d.span ? { locations: [location(d.span, options.cwd)] } : {}),
    ...(d.related && d.related.length > 0
      ? { relatedLocations: d.related.map((r, i) => ({ id: i, ...location(r.span, options.cwd), message: { text: r.message } })) }
      : {}),
  }));
  const log = { $schema: SCHEMA, version: '2.1.0', runs: [{ tool: { driver }, columnKind: 'utf16CodeUnits', results }] };
  return `${JSON.stringify(log, null, 2)}\n`;
};

function location(span: Span, cwd: string | undefined) {
  return {
    physicalLocation: {
      artifactLocation: { uri: encodeURI(relativePath(span.file, cwd)) },
      region: { startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: span.endColumn },
    },
  };
}

let titles: Map<string, string> | undefined;

/** The registry's title of a code (`VN001` -> `file not found`). */
function titleOf(code: string): string {
  titles ??= new Map(
    Object.values(registry as Record<string, unknown>)
      .filter(isDiagnosticCode)
      .map((c) => [c.code, c.title]),
  );
  return titles.get(code) ?? code;
}

function isDiagnosticCode(value: unknown): value is DiagnosticCode<unknown> {
  return typeof value === 'object' && value !== null && 'code' in value && 'title' in value;
}

import { expect } from 'vitest';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import type { File } from '../../dsl/ast.js';
import { parseSource } from '../../dsl/parse.js';
import { Source } from '../../base/source.js';

/** A deep copy without its span keys (`span`, `pathSpan`, `elseSpan`), for comparing trees by structure only. */
export function stripSpans<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => stripSpans(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k !== 'span' && k !== 'pathSpan' && k !== 'elseSpan') out[k] = stripSpans(v);
  }
  return out as T;
}

export function parse(text: string, file = 'test.vnet'): { file: File; diagnostics: Diagnostic[] } {
  return parseSource(new Source(file, text));
}

/** Parses text that must be free of diagnostics and returns its items without spans. */
export function items(text: string): unknown[] {
  const result = parse(text);
  expect(result.diagnostics).toEqual([]);
  return stripSpans(result.file.items) as unknown[];
}

/** The only item's body, without spans (text is wrapped in `block b() { ... }`). */
export function body(text: string): unknown[] {
  const [block] = items(`block b() {\n${text}\n}`) as { body: unknown[] }[];
  return block!.body;
}

/** The value of `const X = <text>`, without spans. */
export function expr(text: string): unknown {
  const [c] = items(`const X = ${text}`) as { value: unknown }[];
  return c!.value;
}

/** `CODE line:column` for each diagnostic, the form the malformed-input tests assert. */
export function codesAt(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.span ? `${d.span.line}:${d.span.column}` : '-'}`);
}

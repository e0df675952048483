/** The checker's test harness: check a snippet (imports from an in-memory file set) and compare diagnostics. */
import { expect } from 'vitest';
import { type CheckOptions, type CheckResult, checkText } from '../../compiler/check/check-program.js';
import type { SourceHost } from '../../compiler/check/load-program.js';
import type { IRGraph } from '../../compiler/ir/graph.js';
import { verifyGraph } from '../../compiler/ir/verify.js';
import { shapeToString } from '../../compiler/ir/dim.js';

/** Files by path, readable through the SourceHost interface. */
export function memoryHost(files: Readonly<Record<string, string>>): SourceHost {
  return {
    readFile: (p) => (files[p] === undefined ? undefined : new TextEncoder().encode(files[p])),
  };
}

export interface SnippetOptions extends CheckOptions {
  /** Other files, by path relative to the snippet (`main.vnet`). */
  readonly files?: Readonly<Record<string, string>>;
}

export function check(src: string, options: SnippetOptions = {}): CheckResult {
  const { files, ...rest } = options;
  return checkText('main.vnet', src, { host: memoryHost(files ?? {}), ...rest });
}

/** `VN301 3:14` for every diagnostic (errors and warnings), in order; no place: `VN004 -`. */
export function codesAt(result: CheckResult): string[] {
  return result.diagnostics.map((d) => `${d.code} ${d.span ? `${d.span.line}:${d.span.column}` : '-'}`);
}

/** Asserts the exact list of diagnostics (code and 1-based line:col) a snippet produces; returns the result. */
export function expectDiagnostics(src: string, expected: readonly string[], options: SnippetOptions = {}): CheckResult {
  const result = check(src, options);
  const details = result.diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.column} ${d.message}${d.hint ? ` [${d.hint}]` : ''}`);
  expect(codesAt(result), details.join('\n')).toEqual(expected);
  return result;
}

/** The graph of a snippet that must check clean (warnings allowed) and verify. */
export function graphOf(src: string, options: SnippetOptions = {}): IRGraph {
  const result = check(src, options);
  const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.span?.line}:${d.span?.column} ${d.message}`);
  expect(errors).toEqual([]);
  const graph = result.graphs[0];
  if (!graph) throw new Error('no graph');
  expect(verifyGraph(graph)).toEqual([]);
  return graph;
}

/** The output shape of the network, printed (`[N, 10]`). */
export function outputShape(graph: IRGraph): string {
  const out = graph.values[graph.outputs[0] ?? ''];
  return out ? shapeToString(out.shape) : '?';
}

/** Every parameter name, in graph order. */
export function paramNames(graph: IRGraph): string[] {
  return graph.nodes.flatMap((n) => Object.values(n.params).map((p) => p.name));
}

/** A one-input network around a pipeline: `net(x: f32[<input>]) { return x |> <pipe> }`. */
export function pipeNet(input: string, pipe: string): string {
  return `network net(x: f32[${input}]) {\n  return x |> ${pipe}\n}\n`;
}

/** The checker's diagnostics as LSP diagnostics: code, message with hint, related locations; per file. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../lsp/analysis.js';
import { DiagnosticsPublisher, diagnosticsByFile } from '../../lsp/diagnostics.js';

const uriOf = (p: string) => `file:///w/${p}`;

describe('diagnostics', () => {
  it('keeps the code, message, hint and related spans, by the file they point into', () => {
    const lib = 'block b(x: f32[B, C, H, W]) -> f32[B, C, H, W] {\n  return x |> conv2d(3, k=0) as c\n}\n';
    const main = 'import "lib.vnet"\nnetwork n(x: f32[N, 3, 8, 8]) -> f32[N, 3, 8, 8] {\n  return x |> b as one\n}\n';
    const host = { readFile: (p: string) => (p === 'lib.vnet' ? new TextEncoder().encode(lib) : undefined) };
    const byFile = diagnosticsByFile([analyze('main.vnet', main, host)], uriOf);
    expect([...byFile.keys()]).toEqual(['lib.vnet']);
    expect(byFile.get('lib.vnet')).toEqual([
      {
        range: { start: { line: 1, character: 26 }, end: { line: 1, character: 27 } },
        severity: 1,
        code: 'VN305',
        source: 'vnet',
        message: "'k' of 'conv2d' must be positive, found 0",
      },
    ]);
  });

  it('publishes re-checked files always, others only when changed, and empties a file once', () => {
    const sent: string[] = [];
    const publisher = new DiagnosticsPublisher((uri, list) => sent.push(`${uri} ${list.length}`));
    const one = new Map([['a.vnet', [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x' }]]]);
    publisher.publish(one, uriOf, ['a.vnet']);
    publisher.publish(one, uriOf, ['b.vnet']);
    publisher.publish(new Map(), uriOf, ['b.vnet']);
    publisher.publish(new Map(), uriOf, []);
    expect(sent).toEqual(['file:///w/a.vnet 1', 'file:///w/b.vnet 0', 'file:///w/b.vnet 0', 'file:///w/a.vnet 0']);
  });
});

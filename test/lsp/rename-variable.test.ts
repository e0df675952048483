/**
 * Rename of variables (`let` names and parameters) within their block or network, against the real
 * server: prepareRename gives the range under the cursor; the edit renames every binding and use in
 * that body and nothing outside it; names that would change the meaning are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { type OpenDocument, built, openDocument, positionOf } from './client.js';

const TEXT = `const CLASSES = 4

block head(x: f32[B, C], width: int) -> f32[B, width] {
  let y = x |> linear(width) as fc
  return y |> relu
}

network tiny(clip: f32[N, 8]) -> f32[N, CLASSES] {
  let y = clip |> linear(16) as proj
  y = y |> relu
  return y |> head(CLASSES) as head
}
`;

/** Applies LSP text edits to `text` (from the end, so earlier offsets stay valid). */
function apply(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: Range['start']) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe.skipIf(!built)('rename of variables', () => {
  let doc: OpenDocument;
  const request = <R>(method: string, params: object) => doc.request<R>(method, params);

  beforeAll(async () => {
    doc = await openDocument(TEXT);
  });
  afterAll(async () => {
    await doc?.client.stop();
  });

  it('prepareRename returns the range of the variable under the cursor', async () => {
    const at = positionOf(TEXT, 'y = clip');
    expect(await request<Range>('textDocument/prepareRename', { position: at })).toEqual({ start: at, end: { line: at.line, character: at.character + 1 } });
    const param = positionOf(TEXT, 'width: int', 2);
    expect(await request<Range>('textDocument/prepareRename', { position: param })).toEqual({
      start: positionOf(TEXT, 'width: int'),
      end: positionOf(TEXT, 'width: int', 5),
    });
  });

  it("a network's let: its binding, reassignment and uses there, not the block's own y", async () => {
    const edit = await request<WorkspaceEdit>('textDocument/rename', { position: positionOf(TEXT, 'y |> head'), newName: 'features' });
    const renamed = apply(TEXT, edit.changes?.[doc.uri] ?? []);
    expect(renamed).toBe(
      TEXT.replace(
        `  let y = clip |> linear(16) as proj
  y = y |> relu
  return y |> head(CLASSES) as head`,
        `  let features = clip |> linear(16) as proj
  features = features |> relu
  return features |> head(CLASSES) as head`,
      ),
    );
  });

  it("a block's parameter: in the signature's return type and the body", async () => {
    const edit = await request<WorkspaceEdit>('textDocument/rename', { position: positionOf(TEXT, 'linear(width)', 8), newName: 'out' });
    const renamed = apply(TEXT, edit.changes?.[doc.uri] ?? []);
    expect(renamed).toBe(TEXT.replace('width: int) -> f32[B, width]', 'out: int) -> f32[B, out]').replace('linear(width)', 'linear(out)'));
  });

  it('refuses a name the body already uses, a constant, an operation or a keyword', async () => {
    const at = { position: positionOf(TEXT, 'y = x') };
    await expect(request('textDocument/rename', { ...at, newName: 'x' })).rejects.toThrow("'x' is already a name in 'head'");
    await expect(request('textDocument/rename', { ...at, newName: 'B' })).rejects.toThrow("'B' is already a name in 'head'");
    await expect(request('textDocument/rename', { ...at, newName: 'CLASSES' })).rejects.toThrow("'CLASSES' is already a constant");
    await expect(request('textDocument/rename', { ...at, newName: 'relu' })).rejects.toThrow("'relu' is a built-in operation");
    await expect(request('textDocument/rename', { ...at, newName: 'return' })).rejects.toThrow('is not a name');
  });
});

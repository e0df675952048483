/**
 * Completion offers what can stand at the cursor, in `sortText` order, against the real server: after
 * `|> ` only blocks then operations (a constant or a value there is VN227); in an argument, the call's
 * keywords, then locals, then constants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionItem } from 'vscode-languageserver-protocol';
import { type OpenDocument, built, openDocument, positionOf } from './client.js';

const TEXT = `const WIDTH = 16
const CLASSES = 4

block head(x: f32[B, C], out: int) -> f32[B, out] {
  return x |> linear(out) as fc
}

network tiny(clip: f32[N, 8]) -> f32[N, CLASSES] {
  let features = clip |> linear(WIDTH) as proj
  return features |> head(CLASSES) as head
}
`;

/** Labels in the order an editor shows them (sortText, then label). */
function shown(items: readonly CompletionItem[]): string[] {
  return [...items]
    .sort((a, b) => ((a.sortText ?? a.label) < (b.sortText ?? b.label) ? -1 : (a.sortText ?? a.label) > (b.sortText ?? b.label) ? 1 : 0))
    .map((i) => i.label);
}

describe.skipIf(!built)('completion', () => {
  let doc: OpenDocument;
  const complete = (needle: string, delta = 0) => doc.request<CompletionItem[]>('textDocument/completion', { position: positionOf(TEXT, needle, delta) });

  beforeAll(async () => {
    doc = await openDocument(TEXT);
  });
  afterAll(async () => {
    await doc?.client.stop();
  });

  it('after `|> `: blocks, then operations, every item with a sortText; no constants or locals', async () => {
    const items = await complete('head(CLASSES) as head');
    expect(items.every((i) => i.sortText !== undefined)).toBe(true);
    const labels = shown(items);
    expect(labels[0]).toBe('head');
    expect(labels).toContain('conv2d');
    expect(labels).toContain('linear');
    expect(labels.indexOf('head')).toBeLessThan(labels.indexOf('conv2d'));
    for (const value of ['WIDTH', 'CLASSES', 'features', 'clip']) expect(labels).not.toContain(value);
    const ops = labels.slice(1);
    expect(ops).toEqual([...ops].sort());
  });

  it('after `|> ` with a prefix typed, still stages only', async () => {
    const items = await complete('linear(WIDTH)', 3);
    const labels = shown(items);
    expect(labels).toContain('linear');
    expect(labels).not.toContain('WIDTH');
  });

  it('in an argument: keywords first, then locals, then constants; no operations', async () => {
    const items = await complete('WIDTH) as proj');
    const labels = shown(items);
    expect(labels.slice(0, 2)).toEqual(['out=', 'bias=']);
    expect(labels.indexOf('clip')).toBeLessThan(labels.indexOf('CLASSES'));
    expect(labels.indexOf('CLASSES')).toBeLessThan(labels.indexOf('WIDTH'));
    expect(labels).not.toContain('conv2d');
    expect(labels).not.toContain('head');
  });
});

/**
 * Hover on a call that does not check shows the shapes it received (piped in, and its tensor
 * arguments) and the problem reported on it, instead of "output shape unknown", against the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hover } from 'vscode-languageserver-protocol';
import { type OpenDocument, built, openDocument, positionOf } from './client.js';

const TEXT = `block widen(x: f32[B, C], width: int) -> f32[B, width] {
  return x |> linear(width) as fc |> conv2d(width, k=3) as conv
}

network tiny(clip: f32[N, 8], other: f32[N, 3]) -> f32[N, 4] {
  let a = clip |> widen(16) as w1
  let b = other |> widen(12) as w2
  let c = concat(clip, other, axis=2)
  return clip |> linear(4) as fc
}
`;

describe.skipIf(!built)('hover on a failing call', () => {
  let doc: OpenDocument;
  const hover = async (needle: string, delta = 0) => {
    const h = await doc.request<Hover | null>('textDocument/hover', { position: positionOf(TEXT, needle, delta) });
    return (h?.contents as { value: string } | undefined)?.value ?? '';
  };

  beforeAll(async () => {
    doc = await openDocument(TEXT);
  });
  afterAll(async () => {
    await doc?.client.stop();
  });

  it('a stage shows what was piped into it, every shape it got (the block is called twice), and its problem', async () => {
    const value = await hover('conv2d(width', 2);
    expect(value).not.toContain('output shape unknown');
    expect(value).toContain('piped in: `f32[N, 16]` (x1), `f32[N, 12]` (x1)');
    expect(value).toMatch(/did not check: VN302 'conv2d' expects a 4-D input \[B, C, H, W\], found \[N, 16\] \(2-D\)/);
  });

  it('a call with tensor arguments shows each argument it received', async () => {
    const value = await hover('concat(', 2);
    expect(value).toContain('argument `clip`: `f32[N, 8]`');
    expect(value).toContain('argument `other`: `f32[N, 3]`');
    expect(value).toContain('did not check: VN');
  });

  it('a call that checks still shows its output', async () => {
    expect(await hover('linear(4)', 2)).toContain('output: `f32[N, 4]`');
  });
});

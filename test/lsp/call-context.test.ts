/** What is being typed, read from the tokens before the cursor (`$` marks it). */
import { describe, expect, it } from 'vitest';
import { typingContext } from '../../lsp/call-context.js';

function at(marked: string) {
  return typingContext(marked.replace('$', ''), marked.indexOf('$'));
}

describe('typingContext', () => {
  it('an open call: callee, argument index, keyword, pipeline stage', () => {
    expect(at('x |> conv2d(64, k=$').call).toEqual({ callee: 'conv2d', index: 1, keyword: 'k', stage: true });
    expect(at('let y = conv2d(x, 64, $').call).toEqual({ callee: 'conv2d', index: 2, stage: false });
    expect(at('x |> stage(f(1, 2), blo$').call).toEqual({ callee: 'stage', index: 1, stage: true });
    expect(at('x |> stage(f(1, 2), blo$').prefix).toBe('blo');
  });

  it('no call once its parenthesis is closed, or outside a body', () => {
    expect(at('x |> conv2d(64) $').call).toBeUndefined();
    expect(at('block b(x: f32[B]) -> f32[B] { $').call).toBeUndefined();
    expect(at('x: f32[N, $').call).toBeUndefined();
  });

  it('after `as` (also inside a label path) and after `|>`', () => {
    expect(at('x |> relu as $').afterAs).toBe(true);
    expect(at('x |> relu as layer1[0].$').afterAs).toBe(true);
    expect(at('x |> relu as co$')).toMatchObject({ afterAs: true, prefix: 'co' });
    expect(at('x |> $')).toMatchObject({ afterPipe: true, afterAs: false });
    expect(at('x |> con$')).toMatchObject({ afterPipe: true, prefix: 'con' });
    expect(at('let a = b $').afterAs).toBe(false);
  });

  it('ignores parentheses in comments and strings', () => {
    expect(at('x |> f(1, # (\n 2, $').call).toEqual({ callee: 'f', index: 2, stage: true });
    expect(at('x |> f("(", $').call).toEqual({ callee: 'f', index: 1, stage: true });
  });

  it('past the token limit of a .vnet file the text is not lexed: no context, at once', () => {
    const huge = `const C = ${'1+'.repeat(2_000_000)}x |> conv2d(64, `;
    const start = performance.now();
    expect(typingContext(huge, huge.length)).toEqual({ prefix: '', afterAs: false, afterPipe: false });
    expect(performance.now() - start).toBeLessThan(2_000);
  });
});

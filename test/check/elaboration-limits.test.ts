/**
 * Elaboration is bounded: nested loops and deep block chains end in VN226 at the loop or call that ran
 * out, quickly, never in hours of work or a stack overflow; programs inside the limits still work.
 */
import { describe, expect, it } from 'vitest';
import { check, expectDiagnostics, graphOf } from './helpers.js';

/** `depth` blocks, each calling the one before, and a network calling the last. */
function blockChain(depth: number): string {
  const blocks = ['block b0(x: f32[B, C, H, W]) -> f32[B, C, H, W] {\n  return x |> relu\n}'];
  for (let i = 1; i < depth; i++) blocks.push(`block b${i}(x: f32[B, C, H, W]) -> f32[B, C, H, W] {\n  return x |> b${i - 1}\n}`);
  return `const T = 2\n${blocks.join('\n')}\nnetwork net(clip: f32[N, T, 4, 4, 4]) -> f32[N, 4] {\n  return clip |> frames |> b${depth - 1} |> global_avgpool |> consensus\n}\n`;
}

describe('elaboration limits', () => {
  it('loops nested 100,000 x 100,000 stop at the inner loop, in well under a second', () => {
    const src = `const T = 2
network net(clip: f32[N, T, 4, 4, 4]) -> f32[N, 4] {
  let y = clip |> frames
  for i in 0..100000 {
    for j in 0..100000 {
    }
  }
  return y |> global_avgpool |> consensus
}
`;
    const start = performance.now();
    expectDiagnostics(src, ['VN226 5:5']);
    expect(performance.now() - start).toBeLessThan(5000);
    expect(check(src).diagnostics[0]?.message).toBe('the statements and loop iterations run to elaborate this network exceeds the limit of 1000000');
  });

  it('a chain of 200 blocks works; 1,000 gets VN226 at the call 201 deep, not a stack overflow', () => {
    expect(graphOf(blockChain(200)).nodes.filter((n) => n.op === 'relu')).toHaveLength(1);
    const deep = check(blockChain(1000));
    expect(deep.diagnostics.map((d) => d.code)).toEqual(['VN226']);
    expect(deep.diagnostics[0]?.message).toBe('block calls nested 201 deep (b999 -> ... -> b799) exceeds the limit of 200');
  });

  it('a single loop of more than 100,000 iterations is refused at the loop', () => {
    expectDiagnostics(
      `const T = 2
network net(clip: f32[N, T, 4, 4, 4]) -> f32[N, 4] {
  let y = clip |> frames
  for i in 0..1000000 {
  }
  return y |> global_avgpool |> consensus
}
`,
      ['VN226 4:3'],
    );
  });
});

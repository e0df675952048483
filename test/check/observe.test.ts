/** The elaboration observer: every tensor a call, binding or parameter made, at its span, with the call's nodes. */
import { describe, expect, it } from 'vitest';
import type { Observed } from '../../compiler/check/observe.js';
import { shapeToString } from '../../compiler/ir/dim.js';
import { check } from './helpers.js';

function observe(src: string, files: Record<string, string> = {}): string[] {
  const seen: Observed[] = [];
  check(src, { files, observe: (o) => seen.push(o) });
  return seen.map((o) => `${o.kind} ${o.span.file}:${o.span.line}:${o.span.column} ${shapeToString(o.value.shape)} [${o.nodes.map((n) => n.name).join(' ')}]`);
}

describe('ElaborationObserver', () => {
  it('sees parameters, each call (with the nodes it made) and each binding', () => {
    const src = ['network n(x: f32[N, 3, 8, 8]) -> f32[N, 4, 8, 8] {', '  let y = x |> conv2d(4, k=3, pad=1) as c', '  return y |> relu', '}', ''].join('\n');
    expect(observe(src)).toEqual([
      'param main.vnet:1:11 [N, 3, 8, 8] []',
      'call main.vnet:2:16 [N, 4, 8, 8] [c]',
      'binding main.vnet:2:7 [N, 4, 8, 8] []',
      'call main.vnet:3:15 [N, 4, 8, 8] [relu_0]',
    ]);
  });

  it('sees a block body once per call, in the block file, and the call with every inlined node', () => {
    const lib = 'block b(x: f32[B, C, H, W], w: int) -> f32[B, w, H, W] {\n  return x |> conv2d(w, k=1) as conv\n}\n';
    const src = 'import "lib.vnet"\nnetwork n(x: f32[N, 3, 8, 8]) -> f32[N, 5, 8, 8] {\n  return x |> b(4) as one |> b(5) as two\n}\n';
    expect(observe(src, { 'lib.vnet': lib })).toEqual([
      'param main.vnet:2:11 [N, 3, 8, 8] []',
      'param lib.vnet:1:9 [N, 3, 8, 8] []',
      'call lib.vnet:2:15 [N, 4, 8, 8] [one.conv]',
      'call main.vnet:3:15 [N, 4, 8, 8] [one.conv]',
      'param lib.vnet:1:9 [N, 4, 8, 8] []',
      'call lib.vnet:2:15 [N, 5, 8, 8] [two.conv]',
      'call main.vnet:3:30 [N, 5, 8, 8] [two.conv]',
    ]);
  });

  it('sees nothing of a call that failed', () => {
    const src = 'network n(x: f32[N, 3, 8, 8]) -> f32[N, 3, 8, 8] {\n  return x |> conv2d(4, k=0)\n}\n';
    expect(observe(src)).toEqual(['param main.vnet:1:11 [N, 3, 8, 8] []']);
  });
});

/**
 * The corpus of wrong programs: each the smallest snippet that shows one mistake, with the exact
 * diagnostics (code and 1-based line:col) the checker gives. None may crash.
 */
import { describe, expect, it } from 'vitest';
import { type SnippetOptions, expectDiagnostics } from './helpers.js';

interface WrongProgram {
  readonly title: string;
  /** The program; the newline after the opening backtick is not part of it. */
  readonly src: string;
  readonly expected: readonly string[];
  readonly options?: SnippetOptions;
}

const corpus: readonly WrongProgram[] = [
  {
    title: 'unknown name, with a hint',
    src: `
const SIZE = 4
network net(x: f32[N, 4]) {
  return x |> linear(SIZ) as fc
}
`,
    expected: ['VN217 1:7', 'VN201 3:22'],
  },
  {
    title: 'unknown operation',
    src: `
network net(x: f32[N, 4]) {
  return x |> rleu
}
`,
    expected: ['VN202 2:15'],
  },
  {
    title: 'misspelled keyword argument',
    src: `
network net(x: f32[N, 3, 8, 8]) {
  return x |> conv2d(8, k=3, strid=2) as conv
}
`,
    expected: ['VN206 2:30'],
  },
  {
    title: 'argument given twice',
    src: `
network net(x: f32[N, 3, 8, 8]) {
  return x |> conv2d(8, k=3, k=1) as conv
}
`,
    expected: ['VN207 2:30'],
  },
  {
    title: 'missing argument',
    src: `
network net(x: f32[N, 3, 8, 8]) {
  return x |> conv2d(8) as conv
}
`,
    expected: ['VN208 2:15'],
  },
  {
    title: 'too many positional arguments',
    src: `
network net(x: f32[N, 4]) {
  return relu(x, 3)
}
`,
    expected: ['VN209 2:18'],
  },
  {
    title: 'wrong argument type',
    src: `
network net(x: f32[N, 3, 8, 8]) {
  return x |> conv2d(8, k=3, bias=1) as conv
}
`,
    expected: ['VN304 2:35'],
  },
  {
    title: 'inexact integer division',
    src: `
network net(x: f32[N, 3, 8, 8]) {
  return x |> conv2d(8/3, k=1) as conv
}
`,
    expected: ['VN212 2:22'],
  },
  {
    title: 'division by zero',
    src: `
const A = 1/0
network net(x: f32[N, 4]) {
  return x |> linear(A) as fc
}
`,
    expected: ['VN213 1:11'],
  },
  {
    title: 'constant cycle',
    src: `
const A = B
const B = A
network net(x: f32[N, 4]) {
  return x |> linear(A) as fc
}
`,
    expected: ['VN214 1:7'],
  },
  {
    title: 'duplicate constant',
    src: `
const A = 1
const A = 2
network net(x: f32[N, 4]) {
  return x |> linear(A) as fc
}
`,
    expected: ['VN203 2:7'],
  },
  {
    title: 'unused let',
    src: `
network net(x: f32[N, 4]) {
  let y = x |> relu
  return x
}
`,
    expected: ['VN215 2:7'],
  },
  {
    title: 'unused block',
    src: `
block b(x: f32[B, D]) { return x }
network net(x: f32[N, 4]) {
  return x
}
`,
    expected: ['VN216 1:7'],
  },
  {
    title: 'unused constant',
    src: `
const K = 3
network net(x: f32[N, 4]) {
  return x
}
`,
    expected: ['VN217 1:7'],
  },
  {
    title: 'missing return',
    src: `
network net(x: f32[N, 4]) {
  let y = x |> relu
}
`,
    expected: ['VN218 1:9', 'VN215 2:7'],
  },
  {
    title: 'return not last',
    src: `
network net(x: f32[N, 4]) {
  if true { return x }
  return x
}
`,
    expected: ['VN219 2:13'],
  },
  {
    title: 'parameters without a name',
    src: `
network net(x: f32[N, 4]) {
  return x |> linear(2)
}
`,
    expected: ['VN220 2:15'],
  },
  {
    title: 'duplicate parameter name',
    src: `
network net(x: f32[N, 4]) {
  return x |> linear(4) as fc |> linear(2) as fc
}
`,
    expected: ['VN221 2:34'],
  },
  {
    title: 'assignment without let',
    src: `
network net(x: f32[N, 4]) {
  y = x
  return x
}
`,
    expected: ['VN222 2:3'],
  },
  {
    title: 'assignment to a constant',
    src: `
const T = 8
network net(x: f32[N, T]) {
  T = 4
  return x
}
`,
    expected: ['VN223 3:3'],
  },
  {
    title: 'recursive block',
    src: `
block b(x: f32[B, D]) { return x |> b }
network net(x: f32[N, 4]) {
  return x |> b
}
`,
    expected: ['VN225 1:37'],
  },
  {
    title: 'loop too long',
    src: `
network net(x: f32[N, 4]) {
  for i in 0..1_000_000 { x = x |> relu }
  return x
}
`,
    expected: ['VN226 2:3'],
  },
  {
    title: 'calling a value',
    src: `
network net(x: f32[N, 4]) {
  let y = x
  return x |> y
}
`,
    expected: ['VN215 2:7', 'VN227 3:15'],
  },
  {
    title: 'block named like an operation',
    src: `
block relu(x: f32[B, D]) { return x }
network net(x: f32[N, 4]) {
  return x |> relu
}
`,
    expected: ['VN228 1:7'],
  },
  {
    title: 'block argument shape mismatch',
    src: `
block b(x: f32[B, 64, H, W]) -> f32[B, 64, H, W] { return x }
network net(x: f32[N, 32, 8, 8]) {
  return x |> b
}
`,
    expected: ['VN301 3:10'],
  },
  {
    title: '5-D clip into conv2d',
    src: `
network net(x: f32[N, 8, 3, 32, 32]) {
  return x |> conv2d(8, k=3) as conv
}
`,
    expected: ['VN302 2:15'],
  },
  {
    title: 'groups do not divide channels',
    src: `
network net(x: f32[N, 6, 8, 8]) {
  return x |> conv2d(8, k=3, groups=4) as conv
}
`,
    expected: ['VN303 2:37'],
  },
  {
    title: 'zero output channels',
    src: `
network net(x: f32[N, 3, 8, 8]) {
  return x |> conv2d(0, k=1) as conv
}
`,
    expected: ['VN305 2:22'],
  },
  {
    title: 'shift without a time axis',
    src: `
network net(x: f32[N, 16, 8, 8]) {
  return x |> shift(fold=1/8)
}
`,
    expected: ['VN306 2:15'],
  },
  {
    title: 'residual shapes do not broadcast',
    src: `
network net(x: f32[N, 16, 8, 8]) {
  let y = x |> conv2d(32, k=1) as conv
  return x + y
}
`,
    expected: ['VN307 3:10'],
  },
  {
    title: 'tensor too large',
    src: `
network net(x: f32[N, 100000, 1000]) {
  return x |> linear(100000) as fc
}
`,
    expected: ['VN308 2:15'],
  },
  {
    title: 'parameters too large',
    src: `
network net(x: f32[N, 2000]) {
  return x |> linear(1_000_000) as fc
}
`,
    expected: ['VN309 2:15'],
  },
  {
    title: 'declared return type does not match',
    src: `
network net(x: f32[N, 4]) -> f32[N, 5] {
  return x |> linear(3) as fc
}
`,
    expected: ['VN310 2:10'],
  },
  {
    title: 'floor division of tensors',
    src: `
network net(x: f32[N, 4]) {
  return x // x
}
`,
    expected: ['VN311 2:10'],
  },
  {
    title: 'number into a pipeline',
    src: `
network net(x: f32[N, 4]) {
  return 3 |> relu
}
`,
    expected: ['VN312 2:10'],
  },
  {
    title: 'pad=same at stride 2',
    src: `
network net(x: f32[N, 3, 8, 8]) {
  return x |> conv2d(8, k=3, stride=2, pad=same) as conv
}
`,
    expected: ['VN313 2:44'],
  },
  {
    title: 'shift moves nothing',
    src: `
network net(x: f32[N, 8, 4, 8, 8]) {
  return x |> frames |> shift(fold_div=8)
}
`,
    expected: ['VN314 2:40'],
  },
  {
    title: 'softmax axis out of range',
    src: `
network net(x: f32[N, 4]) {
  return x |> softmax(axis=2)
}
`,
    expected: ['VN315 2:28'],
  },
  {
    title: 'not a permutation',
    src: `
network net(x: f32[N, 4, 5]) {
  return x |> transpose(0, 0, 1)
}
`,
    expected: ['VN316 2:25'],
  },
  {
    title: 'reshape changes the element count',
    src: `
network net(x: f32[N, 4, 5]) {
  return x |> reshape(N, 3, 7)
}
`,
    expected: ['VN317 2:23'],
  },
  {
    title: 'frames twice',
    src: `
network net(x: f32[N, 8, 4, 8, 8]) {
  return x |> frames |> frames
}
`,
    expected: ['VN318 2:25'],
  },
  {
    title: 'kernel tuple of the wrong length',
    src: `
network net(x: f32[N, 3, 8, 8]) {
  return x |> conv2d(8, k=(3, 3, 3)) as conv
}
`,
    expected: ['VN319 2:27'],
  },
  {
    title: 'symbolic width into linear',
    src: `
network net(x: f32[N, M]) {
  return x |> linear(4) as fc
}
`,
    expected: ['VN320 2:15'],
  },
  {
    title: 'sum of f16 and f32',
    src: `
network net(a: f32[N, 4], b: f16[N, 4]) {
  return a + b
}
`,
    expected: ['VN321 2:10'],
  },
  {
    title: 'network input is not a tensor',
    src: `
network net(x: f32[N, 4], k: int) {
  return x
}
`,
    expected: ['VN322 1:30'],
  },
  {
    title: 'misspelled word',
    src: `
network net(x: f32[N, 8, 16, 8, 8]) {
  return x |> frames |> shift(fold=1/8, dir=bothh)
}
`,
    expected: ['VN324 2:45'],
  },
  {
    title: 'constant of the wrong declared type',
    src: `
const K: int = "three"
network net(x: f32[N, 4]) {
  return x |> linear(K) as fc
}
`,
    expected: ['VN325 1:16'],
  },
  {
    title: 'dropout probability out of range',
    src: `
network net(x: f32[N, 4]) {
  return x |> dropout(p=1.5)
}
`,
    expected: ['VN326 2:25'],
  },
  {
    title: 'fold and fold_div together',
    src: `
network net(x: f32[N, 8, 16, 8, 8]) {
  return x |> frames |> shift(fold=1/8, fold_div=8)
}
`,
    expected: ['VN327 2:50'],
  },
  {
    title: 'non-bool condition',
    src: `
network net(x: f32[N, 4]) {
  if 3 { x = x |> relu }
  return x
}
`,
    expected: ['VN328 2:6'],
  },
  {
    title: 'heads do not divide the width',
    src: `
network net(x: f32[N, 3, 8, 32, 32]) {
  return x |> patch_embed(64, patch=16) as pe |> cls_token as cls_token |> pos_embed as pos |> time_embed as time |> attention(5, over=space) as attn
}
`,
    expected: ['VN601 2:128'],
  },
  {
    title: 'patch does not divide the frame',
    src: `
network net(x: f32[N, 3, 8, 40, 32]) {
  return x |> patch_embed(64, patch=16) as pe
}
`,
    expected: ['VN602 2:37'],
  },
  {
    title: 'attention on a plain tensor',
    src: `
network net(x: f32[N, 16, 4, 64]) {
  return x |> attention(4) as attn
}
`,
    expected: ['VN603 2:15'],
  },
  {
    title: 'reshape on tokens',
    src: `
network net(x: f32[N, 3, 8, 32, 32]) {
  return x |> patch_embed(64, patch=16) as pe |> cls_token as cls_token |> pos_embed as pos |> time_embed as time |> reshape(N, -1)
}
`,
    expected: ['VN604 2:118'],
  },
  {
    title: 'time_embed before cls_token',
    src: `
network net(x: f32[N, 3, 8, 32, 32]) {
  return x |> patch_embed(64) as pe |> time_embed as time
}
`,
    expected: ['VN605 2:40'],
  },
  {
    title: 'attention over time on per-frame tokens',
    src: `
network net(x: f32[N, 3, 8, 32, 32]) {
  return x |> patch_embed(64) as pe |> cls_token as cls_token |> attention(4, over=time) as attn
}
`,
    expected: ['VN606 2:84'],
  },
  {
    title: 'cls of patch-only tokens',
    src: `
network net(x: f32[N, 3, 8, 32, 32]) {
  return x |> patch_embed(64, patch=16) as pe |> cls_token as cls_token |> pos_embed as pos |> time_embed as time |> attention(4, over=time) as attn |> cls
}
`,
    expected: ['VN607 2:153'],
  },
  {
    title: 'token values of different layouts',
    src: `
network net(x: f32[N, 3, 8, 32, 32]) {
  let p = x |> patch_embed(64) as pe
  let c = p |> cls_token as cls_token
  return p + c
}
`,
    expected: ['VN608 4:10'],
  },
  {
    title: 'local attention on an odd grid',
    src: `
network net(x: f32[N, 3, 8, 48, 48]) {
  return x |> patch_embed(64, patch=16) as pe |> cls_token as cls_token |> pos_embed as pos |> time_embed as time |> attention(4, over=local) as attn
}
`,
    expected: ['VN609 2:136'],
  },
  {
    title: 'tubelet does not divide the frames',
    src: `
network net(x: f32[N, 3, 15, 32, 32]) {
  return x |> patch_embed(64, patch=(2, 16, 16)) as pe
}
`,
    expected: ['VN610 2:37'],
  },
  {
    title: 'import not found',
    src: `
import "lib/missing.vnet"
network net(x: f32[N, 4]) {
  return x
}
`,
    expected: ['VN205 1:8'],
  },
  {
    title: 'import cycle',
    src: `
import "a.vnet"
network net(x: f32[N, 4]) {
  return x
}
`,
    expected: ['VN204 1:8'],
    options: { files: { 'a.vnet': 'import "b.vnet"\n', 'b.vnet': 'import "a.vnet"\n' } },
  },
  {
    title: '--set of an unknown constant',
    src: `
const T = 8
network net(x: f32[N, T]) {
  return x
}
`,
    expected: ['VN004 -'],
    options: { sets: { TT: '4' } },
  },
  {
    title: '--set of the wrong type',
    src: `
const T = 8
network net(x: f32[N, T]) {
  return x
}
`,
    expected: ['VN003 -'],
    options: { sets: { T: '1/4' } },
  },
  {
    title: '--network that does not exist',
    src: `
network net(x: f32[N, 4]) {
  return x
}
`,
    expected: ['VN409 -'],
    options: { network: 'nett' },
  },
  {
    title: 'fraction into an int block parameter',
    src: `
block b(x: f32[B, D], n: int) -> f32[B, n] { return x |> linear(n) as fc }
network net(x: f32[N, 4]) {
  return x |> b(7/2)
}
`,
    expected: ['VN212 3:17'],
  },
  {
    title: 'unknown dimension in a return type',
    src: `
block b(x: f32[B, D]) -> f32[B, K] { return x }
network net(x: f32[N, 4]) {
  return x |> b
}
`,
    expected: ['VN201 1:33'],
  },
  {
    title: 'label index is not an int',
    src: `
network net(x: f32[N, 4]) {
  return x |> linear(4) as fc[1/2]
}
`,
    expected: ['VN211 2:30'],
  },
  {
    title: 'dimension variable disagrees',
    src: `
block b(x: f32[B, D], y: f32[B, D]) -> f32[B, D] { return x + y }
network net(x: f32[N, 4], y: f32[N, 5]) {
  return b(x, y)
}
`,
    expected: ['VN301 3:15'],
  },
  {
    title: 'misspelled constant in a network signature',
    src: `
const SIZE = 32
network net(x: f32[N, 3, SIZ, SIZE]) {
  return x |> conv2d(8, k=3) as conv
}
`,
    expected: ['VN201 2:26'],
  },
];

describe('wrong programs', () => {
  for (const p of corpus) {
    it(p.title, () => {
      expectDiagnostics(p.src.replace(/^\n/, ''), p.expected, p.options);
    });
  }

  it('has at least 40 programs, each with a distinct title and a distinct (program, expectation) pair', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    expect(new Set(corpus.map((c) => c.title)).size).toBe(corpus.length);
    expect(new Set(corpus.map((c) => `${c.src}\u0000${c.expected.join(',')}`)).size).toBe(corpus.length);
    for (const c of corpus) expect(c.expected.length, c.title).toBeGreaterThan(0);
  });
});

/**
 * Malformed input: every case gets the exact diagnostic codes at the exact 1-based
 * line:column, nothing throws, and nothing hangs (each case has a timeout).
 */
import { describe, expect, test } from 'vitest';
import { decodeSource } from '../../dsl/decode.js';
import { MAX_TOKENS } from '../../dsl/limits.js';
import { parseSource } from '../../dsl/parse.js';
import { Source } from '../../base/source.js';
import { codesAt } from './helpers.js';

type Case = readonly [name: string, input: string | Uint8Array, expected: readonly string[]];

const bytes = (...b: number[]) => new Uint8Array(b);
const utf8 = (s: string) => new TextEncoder().encode(s);

const cases: readonly Case[] = [
  // truncated files
  ['truncated block header', 'block b(x: f32[N', ['VN107 1:16']],
  ['truncated after ->', 'block b(x: int) ->', ['VN106 1:17']],
  ['truncated body', 'block b(x: int) {\n  let y = x', ['VN107 2:11']],
  ['truncated pipeline', 'block b(x: int) {\n  let y = x |>', ['VN106 2:13']],
  ['truncated let', 'block b() {\n  let', ['VN106 2:3']],
  ['truncated const', 'const T =', ['VN106 1:9']],
  ['truncated import', 'import', ['VN106 1:1']],
  ['truncated label', 'const X = f(1) as', ['VN106 1:16']],
  // unbalanced brackets
  ['unclosed call before the next statement', 'block b(x: int) {\n  let y = f(1, 2\n  let z = 3\n}', ['VN107 3:3']],
  ['extra ) in a statement', 'block b(x: int) {\n  let y = f(1))\n}', ['VN107 2:15']],
  ['] expected, ) found', 'block b(x: f32[N, C) {}', ['VN107 1:20']],
  ['unclosed label index', 'const X = f(1) as a[0', ['VN107 1:21']],
  ['unclosed parentheses', 'const X = (1 + 2', ['VN107 1:16']],
  ['extra } at top level', 'block b() {}\n}', ['VN108 2:1']],
  ['missing } before the next item', 'block b() {\n  let y = 1\nconst T = 8', ['VN107 3:1']],
  ['missing ) of a parameter list', 'block a(x: int { return x }', ['VN107 1:16']],
  // bad numbers
  ['number 1.2.3', 'const X = 1.2.3', ['VN104 1:11']],
  ['number 0x', 'const X = 0x', ['VN104 1:11']],
  ['number 12abc', 'const X = 12abc', ['VN104 1:11']],
  ['number 1e', 'const X = 1e', ['VN104 1:11']],
  ['number 1__0', 'const X = 1__0', ['VN104 1:11']],
  ['number 0xZZ', 'const X = 0xZZ', ['VN104 1:11']],
  ['integer past 2^53', 'const X = 9007199254740993', ['VN112 1:11']],
  ['three bad numbers on a line', 'const X = 1.2.3 + 0x + 12abc', ['VN104 1:11', 'VN104 1:19', 'VN104 1:24']],
  // unknown words
  ['blok at top level', 'blok b() {}', ['VN108 1:1']],
  ['netwrk at top level', 'netwrk n() {}', ['VN108 1:1']],
  ['let at top level', 'let x = 1', ['VN108 1:1']],
  ['a number at top level', '42', ['VN108 1:1']],
  ['left-over input after an item', 'const T = 8 9', ['VN108 1:13']],
  ['retrun in a body', 'block b() {\n  retrun y\n}', ['VN106 2:10']],
  ['keyword used as a name', 'const if = 1', ['VN106 1:7']],
  // strings, comments, characters
  ['unterminated string', 'import "common/x.vnet\nconst T = 8', ['VN102 1:8']],
  ['bad escape', 'const S = "a\\qb"', ['VN105 1:13']],
  ['unterminated block comment', 'const T = 8\n/* never closed\nconst U = 1', ['VN103 2:1']],
  ['unterminated comment inside a body', 'block b() {\n  let x = 1 /* oops\n}', ['VN103 2:13']],
  ['stray character', 'const T = 8 @ 2', ['VN101 1:13']],
  ['stray characters in a body', 'block b() {\n  let y = x $$ 1\n}', ['VN101 2:13']],
  ['control character', 'const T = \u0007', ['VN101 1:11']],
  ['non-ASCII letter', 'const caf\u00e9 = 1', ['VN101 1:10']],
  // missing pieces
  ['missing operand', 'const X = 1 +', ['VN106 1:13']],
  ['missing operand in parentheses', 'const X = (1 + )', ['VN106 1:16']],
  ['empty argument', 'const X = f(1, , 2)', ['VN106 1:16']],
  ['parameter without a type', 'block b(x) {}', ['VN106 1:10']],
  ['unknown type', 'block b(x: tensor) {}', ['VN106 1:12']],
  ['tensor type without dimensions', 'block b(x: f32) {}', ['VN106 1:12']],
  ['constant with a tensor type', 'const X: f32[3] = 1', ['VN106 1:10']],
  ['for without in', 'block b() {\n  for i 0..3 {}\n}', ['VN106 2:9']],
  ['for without a range', 'block b() {\n  for i in 3 {}\n}', ['VN106 2:14']],
  ['else without if', 'block b() {\n  else { }\n}', ['VN107 2:3']],
  ['if without braces', 'block b() {\n  if a x = 1\n}', ['VN106 2:8']],
  ['positional argument after a keyword argument', 'const X = f(k=1, 2)', ['VN111 1:18']],
  ['label with a dot before an index', 'const X = f(1) as a.[0]', ['VN106 1:21']],
  ['pipeline stage that is not a call', 'const X = x |> 3', ['VN106 1:16']],
  ['missing return type after ->', 'network n(x: f32[N]) -> {\n}', ['VN106 1:25']],
  // several independent errors are all reported, cascades are not
  ['three errors in three items', 'const A = (1\nblock b() {\n  let = 2\n}\nnetwork n(x: f32[N]) -> {\n}', ['VN107 2:1', 'VN106 3:7', 'VN106 5:25']],
  ['two errors in one body', 'block b() {\n  let a = f(1 2)\n  let c = 3\n  let d = +\n}', ['VN107 2:15', 'VN106 4:11']],
  ['mixed lexer and parser errors', 'const A = 0x\nblok\nconst B = (', ['VN104 1:11', 'VN108 2:1', 'VN106 3:11']],
  // bytes that are not vnet text
  ['invalid UTF-8 (lone continuation byte)', bytes(0x63, 0x6f, 0x6e, 0x73, 0x74, 0x80), ['VN005 1:6']],
  ['invalid UTF-8 on line 2', utf8('const T = 8\nconst \u00e9').slice(0, -1), ['VN005 2:7']],
  ['overlong UTF-8', bytes(0x23, 0xc0, 0xaf), ['VN005 1:2']],
  ['UTF-8 surrogate', bytes(0x23, 0xed, 0xa0, 0x80), ['VN005 1:2']],
  ['binary garbage (NUL bytes)', bytes(0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00), ['VN110 1:7']],
  ['NUL byte in text', 'const T = 8\nconst U\u0000 = 1', ['VN110 2:8']],
  // edge sizes
  ['empty file', '', []],
  ['only whitespace', ' \n\t\r\n', []],
  ['BOM then text', bytes(0xef, 0xbb, 0xbf, ...utf8('const T = 8')), []],
];

function diagnose(input: string | Uint8Array) {
  const decoded = decodeSource('t.vnet', typeof input === 'string' ? utf8(input) : input);
  if (!decoded.source) return decoded.diagnostics;
  return parseSource(decoded.source).diagnostics;
}

describe('malformed input', () => {
  test('the corpus holds at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const [name, input, expected] of cases) {
    test(name, { timeout: 10_000 }, () => {
      expect(codesAt(diagnose(input))).toEqual(expected);
    });
  }
});

describe('hostile sizes', () => {
  test('100,000 nested brackets give one clean diagnostic', { timeout: 30_000 }, () => {
    const text = `const X = ${'('.repeat(100_000)}1${')'.repeat(100_000)}`;
    expect(codesAt(diagnose(text))).toEqual(['VN109 1:139']);
  });

  test('100,000 nested braces', { timeout: 30_000 }, () => {
    expect(codesAt(diagnose(`block b() {${' if a {'.repeat(100_000)}`))).toEqual(['VN109 1:907']);
  });

  test('100,000 prefix operators', { timeout: 30_000 }, () => {
    expect(codesAt(diagnose(`const X = ${'-'.repeat(100_000)}1`))).toEqual(['VN109 1:139']);
  });

  test('128 levels are still accepted, also when an error needs recovery that deep', { timeout: 30_000 }, () => {
    expect(diagnose(`const X = ${'f('.repeat(127)}(1)${')'.repeat(127)}`)).toEqual([]);
    const labels = `const X = f(1) as ${'a[f(1) as '.repeat(127)}b${']'.repeat(127)}`;
    expect(diagnose(labels)).toEqual([]);
    expect(codesAt(diagnose(`const X = ${'f('.repeat(128)}1`))).toEqual(['VN107 1:267']);
  });

  test('a file of real code just under the token limit parses in reasonable time', { timeout: 120_000 }, () => {
    const unit = `block b(x: f32[N, C, H, W], k: int = 3) -> f32[N, C, H, W] {
  let y = x |> conv2d(C, k=k, pad=1) as conv1 |> batchnorm as bn1 |> relu  # stage
  if k > 1 { y = y + x } else { y = y |> shift(fold=1/8, dir=both) }
  for i in 0..4 { y = y |> conv2d(C, k=1) as layer[i].conv }
  return y
}
`;
    // 128 tokens by the estimate of token-count.ts: 3,906 units are 499,968 tokens, 1.1 MB.
    const text = unit.repeat(Math.floor(MAX_TOKENS / 128));
    expect(text.length).toBeGreaterThan(1_000_000);
    const start = performance.now();
    expect(diagnose(text)).toEqual([]);
    expect(performance.now() - start).toBeLessThan(60_000);
    // One unit more: the 500,001st token is the 33rd of the last unit, the `W` of its return type.
    expect(codesAt(diagnose(unit + text))).toEqual(['VN020 23437:57']);
  });

  test('a 5 MB file of garbage is refused before the lexer runs, at the token past the limit', { timeout: 120_000 }, () => {
    const start = performance.now();
    expect(codesAt(diagnose('@ '.repeat(2_500_000)))).toEqual([`VN020 1:${2 * MAX_TOKENS + 1}`]);
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  test('16 MiB of `1+1+...` is refused at once (the lexer alone would take seconds and gigabytes)', () => {
    const text = `const C = ${'1+'.repeat(8 * 1024 * 1024 - 10)}1`;
    const start = performance.now();
    // `const`, `C`, `=`, then one token per character.
    expect(codesAt(diagnose(text))).toEqual([`VN020 1:${'const C = '.length + MAX_TOKENS - 2}`]);
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  test('100 garbage tokens in a smaller file still stop after 100 errors', () => {
    const codes = codesAt(diagnose('@ '.repeat(10_000)));
    expect(codes).toHaveLength(101);
    expect(codes[100]).toBe('VN113 1:199');
  });

  test('a file over 16 MiB is refused before decoding', () => {
    const result = decodeSource('big.vnet', new Uint8Array(16 * 1024 * 1024 + 1));
    expect(result.source).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['VN006']);
  });
});

/** Every span in a tree, by walking objects (iteratively: trees can be long). */
function allSpans(root: unknown): { start: number; end: number; line: number; column: number }[] {
  const spans: { start: number; end: number; line: number; column: number }[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'span' || key === 'pathSpan') spans.push(child as (typeof spans)[number]);
      else stack.push(child);
    }
  }
  return spans;
}

describe('recovery', () => {
  test('trees built from broken input have real spans (no NaN from invented tokens)', () => {
    for (const [, input] of cases) {
      if (typeof input !== 'string') continue;
      const { file } = parseSource(new Source('t.vnet', input));
      for (const span of allSpans(file)) {
        expect(Number.isFinite(span.start) && Number.isFinite(span.end) && span.start <= span.end).toBe(true);
        expect(span.line >= 1 && span.column >= 1).toBe(true);
      }
    }
  });

  test('random token soup never throws and never reports an internal error', { timeout: 60_000 }, () => {
    const vocabulary = [
      'block',
      'network',
      'const',
      'import',
      'let',
      'return',
      'if',
      'else',
      'for',
      'in',
      'as',
      'x',
      'f',
      '1',
      '2.5',
      '"s"',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      ',',
      ':',
      '=',
      '==',
      '+',
      '-',
      '*',
      '|>',
      '->',
      '..',
      '.',
      'f32',
      'int',
      '#c\n',
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 300; i++) {
      const words = Array.from({ length: 1 + (next() % 60) }, () => vocabulary[next() % vocabulary.length]!);
      const { file, diagnostics } = parseSource(new Source('soup.vnet', words.join(' ')));
      expect(diagnostics.filter((d) => d.code === 'VN199')).toEqual([]);
      for (const span of allSpans(file)) expect(Number.isFinite(span.start)).toBe(true);
    }
  });
});

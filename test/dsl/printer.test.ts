import { describe, expect, test } from 'vitest';
import { formatSource } from '../../dsl/format.js';
import { lex } from '../../dsl/lexer.js';
import { printFile } from '../../dsl/printer.js';
import { Source } from '../../base/source.js';
import { corpus } from './corpus.js';
import { parse, stripSpans } from './helpers.js';

function fmt(text: string): string {
  const result = formatSource(new Source('fmt.vnet', text));
  expect(result.diagnostics).toEqual([]);
  return result.text!;
}

describe('printer round trip: parse(print(ast)) equals ast', () => {
  for (const [name, text] of Object.entries(corpus)) {
    test(name, () => {
      const first = parse(text);
      expect(first.diagnostics).toEqual([]);
      const printed = printFile(first.file);
      const second = parse(printed);
      expect(second.diagnostics).toEqual([]);
      expect(stripSpans(second.file.items)).toEqual(stripSpans(first.file.items));
      expect(second.file.comments.map((c) => c.text.trimEnd())).toEqual(first.file.comments.map((c) => c.text.trimEnd()));
    });
  }
});

describe('fmt is a fixed point: fmt(fmt(x)) == fmt(x)', () => {
  for (const [name, text] of Object.entries(corpus)) {
    test(name, () => {
      const once = fmt(text);
      expect(fmt(once)).toBe(once);
    });
  }
});

describe('canonical layout', () => {
  test('two-space indent, spaces around operators and let/const `=`, none in keyword arguments', () => {
    expect(fmt('const   X=1+2*3\nblock b(x:f32[N,C],k:int=3)->f32[N,C]{let y=x|>conv2d(C,k=k,pad=1)as c1\nreturn y}')).toBe(
      ['const X = 1 + 2 * 3', '', 'block b(x: f32[N, C], k: int = 3) -> f32[N, C] {', '  let y = x |> conv2d(C, k=k, pad=1) as c1', '  return y', '}', ''].join(
        '\n',
      ),
    );
  });

  test('a pipeline longer than 100 columns breaks before each |> with one more indent', () => {
    const text = 'block b(x: f32[N, C]) {\n  let y = x |> conv2d(64, k=3, stride=2, pad=1, bias=false) as conv1 |> batchnorm as bn1 |> relu |> maxpool(3)\n}';
    expect(fmt(text)).toBe(
      [
        'block b(x: f32[N, C]) {',
        '  let y = x',
        '    |> conv2d(64, k=3, stride=2, pad=1, bias=false) as conv1',
        '    |> batchnorm as bn1',
        '    |> relu',
        '    |> maxpool(3)',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('a header longer than 100 columns puts one parameter per line, without a trailing comma', () => {
    const text = 'block bottleneck(x: f32[B, C, H, W], planes: int, stride: int = 1) -> f32[B, planes * 4, H / stride, W / stride] {\n  return x\n}';
    expect(fmt(text)).toBe(
      [
        'block bottleneck(',
        '  x: f32[B, C, H, W],',
        '  planes: int,',
        '  stride: int = 1',
        ') -> f32[B, planes * 4, H / stride, W / stride] {',
        '  return x',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('a header that fits stays on one line, even when written over several', () => {
    expect(fmt('network n(\n  x: f32[N, C],\n  k: int\n) -> f32[N, C] {\n  return x\n}')).toBe(
      'network n(x: f32[N, C], k: int) -> f32[N, C] {\n  return x\n}\n',
    );
  });

  test('consecutive constants keep their grouping: no blank line, or one where the source had some', () => {
    const text = 'const T = 8\nconst FOLD = 1 / 8  # shifted\n\n\n\n# the stem\nconst STEM = 64\nconst C = 3\nblock b() {}\nconst D = 1';
    expect(fmt(text)).toBe(
      ['const T = 8', 'const FOLD = 1 / 8  # shifted', '', '# the stem', 'const STEM = 64', 'const C = 3', '', 'block b() {}', '', 'const D = 1', ''].join(
        '\n',
      ),
    );
  });

  test('a short pipeline written over several lines is joined', () => {
    expect(fmt('const X = x\n  |> relu\n  |> gelu')).toBe('const X = x |> relu |> gelu\n');
  });

  test('one statement per line; else-if chains; blank lines between statements are kept, once', () => {
    expect(fmt('block b() { let a = 1 let b = 2\n\n\n\n if a { b = 1 } else if c { b = 2 } else { b = 3 } }')).toBe(
      [
        'block b() {',
        '  let a = 1',
        '  let b = 2',
        '',
        '  if a {',
        '    b = 1',
        '  } else if c {',
        '    b = 2',
        '  } else {',
        '    b = 3',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('the empty file formats to the empty text', () => {
    expect(fmt('')).toBe('');
  });

  test('fmt gives no text when there are syntax errors', () => {
    const result = formatSource(new Source('bad.vnet', 'const X = (1'));
    expect(result.text).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['VN107']);
  });
});

describe('comments', () => {
  test('own-line, trailing, block and end-of-body comments stay where they were', () => {
    const text = [
      '# file header',
      '',
      'const T = 8  # frames',
      '',
      '/* the block */',
      'block b(x: f32[N]) -> f32[N] {  # header comment',
      '  # before let',
      '  let y = x',
      '  /* before',
      '     return */',
      '  return y  # trailing',
      '  # end of body',
      '}',
      '# end of file',
      '',
    ].join('\n');
    expect(fmt(text)).toBe(text);
  });

  test('comments inside a broken pipeline stay beside their stage', () => {
    const text = ['const X = x', '  |> shift(fold=1 / 8)  # temporal shift', '  # the stem', '  |> conv2d(64, k=7) as conv1', '  |> relu', ''].join('\n');
    expect(fmt(text)).toBe(text);
  });

  test('comments between parameters stay beside them, and break the header', () => {
    const text = [
      'block b(',
      '  # the input',
      '  x: f32[N, C],  # NC',
      '  /* how many */',
      '  k: int = 3  # last',
      ') -> f32[N, C] {  # body',
      '  return x',
      '}',
      '',
    ].join('\n');
    expect(fmt(text)).toBe(text);
    expect(fmt('block b(x: f32[N, C], # NC\n k: int) {}')).toBe('block b(\n  x: f32[N, C],  # NC\n  k: int\n) {}\n');
  });

  test('a comment from inside a statement moves above it without doubling the blank line before it', () => {
    expect(fmt('block b() {\n  let a = 1\n\n  let y = # c\n  a\n}')).toBe('block b() {\n  let a = 1\n\n  # c\n  let y = a\n}\n');
  });

  test('every comment survives formatting', () => {
    for (const text of Object.values(corpus)) {
      const before = parse(text).file.comments.map((c) => c.text.trimEnd());
      const after = parse(fmt(text)).file.comments.map((c) => c.text.trimEnd());
      expect(after).toEqual(before);
    }
  });
});

describe('comments around else', () => {
  test('a comment opening an else branch stays in that branch', () => {
    const text = [
      'block b() {',
      '  if a {',
      '    x = 1  # one',
      '  } else if b {',
      '    # about the b branch',
      '    x = 2',
      '  } else {',
      '    # otherwise',
      '    x = 3',
      '  }  # after the if',
      '}',
      '',
    ].join('\n');
    expect(fmt(text)).toBe(text);
  });

  test('a comment at the end of a branch stays there, and one after `else {` stays on that line', () => {
    const ending = 'block b() {\n  if a {\n    x = 1\n    # last words of then\n  } else {  # c\n    x = 2\n  }\n}\n';
    expect(fmt(ending)).toBe(ending);
  });

  test('an empty branch keeps its comment', () => {
    const text = 'block b() {\n  if a {\n    # nothing to do\n  } else {\n    x = 2\n  }\n}\n';
    expect(fmt(text)).toBe(text);
  });
});

describe('comments anywhere', () => {
  test('a comment before any token survives fmt, and fmt stays a fixed point', () => {
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (const text of Object.values(corpus)) {
      const starts = lex(new Source('c.vnet', text)).tokens.map((t) => t.startOffset);
      for (let i = 0; i < 80; i++) {
        const at = starts[next() % starts.length]!;
        const comment = next() % 2 === 0 ? `# note ${i}\n` : `/* note ${i} */ `;
        const withComment = text.slice(0, at) + comment + text.slice(at);
        const once = fmt(withComment);
        expect(once).toContain(comment.trim());
        expect(fmt(once)).toBe(once);
      }
    }
  });
});

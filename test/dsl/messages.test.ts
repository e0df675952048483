import { describe, expect, test } from 'vitest';
import { parse } from './helpers.js';

function only(text: string) {
  const { diagnostics } = parse(text);
  expect(diagnostics).toHaveLength(1);
  return diagnostics[0]!;
}

describe('syntax error messages are in the user\'s words', () => {
  test('an unclosed argument list names where it was opened', () => {
    const d = only('block b() {\n  let y = conv2d(64, k=3\n  let z = y\n}');
    expect(d.message).toBe("expected ')' to close the argument list opened at 2:17, found 'let'");
    expect(d.related?.map((r) => `${r.span.line}:${r.span.column} ${r.message}`)).toEqual(["2:17 '(' opened here"]);
  });

  test('a pipeline cut off at the end of the file points at the |>', () => {
    const d = only('const X = x |>');
    expect(d.message).toBe("expected an expression after '|>', found end of file");
    expect([d.span?.line, d.span?.column]).toEqual([1, 13]);
  });

  test('an unknown top-level word suggests the closest keyword', () => {
    const d = only('blok b() {}');
    expect(d.message).toBe("unknown word 'blok' at top level: expected 'import', 'const', 'block' or 'network'");
    expect(d.hint).toBe("did you mean 'block'?");
  });

  test('no suggestion when nothing is close', () => {
    expect(only('model m() {}').hint).toBeUndefined();
  });

  test('a misspelt statement keyword is suggested too', () => {
    const d = only('block b() {\n  retrun y\n}');
    expect(d.message).toBe("expected '=' after 'retrun', found 'y'");
    expect(d.hint).toBe("did you mean 'return'?");
  });

  test('lexer messages', () => {
    expect(only('const X = 1.2.3').message).toBe("malformed number '1.2.3'");
    expect(only('const X = 1 @ 2').message).toBe("unexpected character '@'");
    expect(only('const X = "abc').message).toBe('unterminated string: a string must end with \'"\' on the same line');
    expect(only('/* abc').message).toBe("unterminated comment: '/*' has no matching '*/'");
    expect(only(`const X = ${'('.repeat(300)}`).message).toBe('nesting deeper than 128 levels');
  });

  test('every syntax diagnostic is an error with a VN1xx code', () => {
    const { diagnostics } = parse('blok\nconst X = 1.2.3 @\nconst Y = (');
    expect(diagnostics.every((d) => d.severity === 'error' && /^VN1\d\d$/.test(d.code))).toBe(true);
  });
});

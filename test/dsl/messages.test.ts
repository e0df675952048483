import { describe, expect, test } from 'vitest';
import { parse } from './helpers.js';

function only(text: string) {
  const { diagnostics } = parse(text);
  expect(diagnostics).toHaveLength(1);
  return diagnostics[0]!;
}

describe("syntax error messages are in the user's words", () => {
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

  test('a reserved keyword used as a name says so, once, and the rest parses', () => {
    const d = only('network n(x: f32[N, 4]) {\n  let block = x |> relu\n  return x\n}');
    expect(d.code).toBe('VN106');
    expect(d.message).toBe("expected a name after 'let', found 'block', which is a reserved keyword");
    expect(d.hint).toBe(
      "'block' is a keyword of vnet and cannot name a value, parameter or argument; choose another name such as 'block_' (only a label, after `as`, may be a keyword)",
    );
    expect(only('block b(x: f32[N], in: int) {\n  return x\n}').message).toBe("expected a name after ',', found 'in', which is a reserved keyword");
    expect(only('const int = 3').message).toBe("expected a name after 'const', found 'int', which is a reserved keyword");
  });

  test('a keyword read as a value says it is reserved', () => {
    const { diagnostics } = parse('network n(x: f32[N, 4]) {\n  let y = block\n  return y\n}');
    expect(diagnostics[0]?.message).toBe("expected an expression after '=', found 'block', which is a reserved keyword");
    const unfinished = parse('network n(x: f32[N, 4]) {\n  let y =\n  return x\n}').diagnostics[0];
    expect(unfinished?.message).toBe("expected an expression after '=', found 'return'");
  });

  test('a keyword where the grammar wants a name elsewhere says it is reserved too', () => {
    const d = only('network n(x: f32[N, 4]) {\n  for for in 0..2 {\n  }\n  return x\n}');
    expect(d.message).toBe("expected a name after 'for', found 'for', which is a reserved keyword");
  });

  test('lexer messages', () => {
    expect(only('const X = 1.2.3').message).toBe("malformed number '1.2.3'");
    expect(only('const X = 1 @ 2').message).toBe("unexpected character '@'");
    expect(only('const X = "abc').message).toBe("unterminated string: a string must end with '\"' on the same line");
    expect(only('/* abc').message).toBe("unterminated comment: '/*' has no matching '*/'");
    expect(only(`const X = ${'('.repeat(300)}`).message).toBe('nesting deeper than 128 levels');
  });

  test('every syntax diagnostic is an error with a VN1xx code', () => {
    const { diagnostics } = parse('blok\nconst X = 1.2.3 @\nconst Y = (');
    expect(diagnostics.every((d) => d.severity === 'error' && /^VN1\d\d$/.test(d.code))).toBe(true);
  });
});

import { describe, expect, test } from 'vitest';
import { lex } from '../../dsl/lexer.js';
import { readNumber } from '../../dsl/number.js';
import { Source } from '../../base/source.js';
import { readString } from '../../dsl/string-literal.js';

const kinds = (text: string) => lex(new Source('t.vnet', text)).tokens.map((t) => `${t.tokenType.name}:${t.image}`);

describe('lexer', () => {
  test('keywords are reserved, longer names starting with a keyword are names', () => {
    expect(kinds('in int into for format as ask')).toEqual(['In:in', 'Int:int', 'Identifier:into', 'For:for', 'Identifier:format', 'As:as', 'Identifier:ask']);
  });

  test("a keyword after `as`, or after a label's dot, is a name; `as .` takes none", () => {
    expect(kinds('as block[0].in as . let x as\nreturn')).toEqual([
      'As:as',
      'Identifier:block',
      'LBracket:[',
      'NumberLiteral:0',
      'RBracket:]',
      'Dot:.',
      'Identifier:in',
      'As:as',
      'Dot:.',
      'Let:let',
      'Identifier:x',
      'As:as',
      'Identifier:return',
    ]);
  });

  test('operators: longest match, `==` is not two `=`, `//` is floor division', () => {
    expect(kinds('|> || && == != <= >= < > -> - // / % ! = .. .')).toEqual([
      'Pipe:|>',
      'OrOr:||',
      'AndAnd:&&',
      'EqEq:==',
      'NotEq:!=',
      'LessEq:<=',
      'GreaterEq:>=',
      'Less:<',
      'Greater:>',
      'Arrow:->',
      'Minus:-',
      'SlashSlash://',
      'Slash:/',
      'Percent:%',
      'Bang:!',
      'Equals:=',
      'DotDot:..',
      'Dot:.',
    ]);
  });

  test('numbers: a range `0..n` is not a float; `a[0].b` keeps its dot', () => {
    expect(kinds('0..n')).toEqual(['NumberLiteral:0', 'DotDot:..', 'Identifier:n']);
    expect(kinds('a[0].b')).toEqual(['Identifier:a', 'LBracket:[', 'NumberLiteral:0', 'RBracket:]', 'Dot:.', 'Identifier:b']);
    expect(kinds('1e-6 2.5e+3 0x1F')).toEqual(['NumberLiteral:1e-6', 'NumberLiteral:2.5e+3', 'NumberLiteral:0x1F']);
  });

  test('number values', () => {
    expect(readNumber('1_000')).toEqual({ kind: 'int', value: 1000 });
    expect(readNumber('0x10')).toEqual({ kind: 'int', value: 16 });
    expect(readNumber('1e-6')).toEqual({ kind: 'float', value: 1e-6 });
    expect(readNumber('0.5')).toEqual({ kind: 'float', value: 0.5 });
    for (const bad of ['1.2.3', '0x', '12abc', '1e', '1_', '0x_1']) expect(readNumber(bad).kind).toBe('malformed');
  });

  test('string escapes', () => {
    expect(readString('"a\\"b\\\\c\\nd\\te"')).toEqual({ value: 'a"b\\c\nd\te', badEscapes: [] });
    expect(readString('"x\\qy"').badEscapes).toEqual([2]);
  });

  test('comments are a separate group, not tokens', () => {
    const result = lex(new Source('t.vnet', 'a # one\n/* two */ b'));
    expect(result.tokens.map((t) => t.image)).toEqual(['a', 'b']);
    expect(result.comments.map((c) => c.image)).toEqual(['# one', '/* two */']);
  });
});

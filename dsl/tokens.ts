/**
 * The token types of the vnet language. Keywords come before `Identifier` and name it as
 * their `longer_alt`, so `format` lexes as a name and `for` as a keyword. Categories group
 * tokens the parser treats alike (every binary operator, both string forms) so the grammar
 * stays small and the CST keeps operators in source order.
 */
import type { IToken, TokenType } from 'chevrotain';
import { Lexer, createToken } from './chevrotain.js';
import { scanNumber } from './number.js';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /#[^\n\r]*/, group: 'comments' });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: 'comments' });
/** `/*` with no `*\/`: kept as a comment so the rest of the file is not misread; the lexer reports it. */
export const UnterminatedBlockComment = createToken({
  name: 'UnterminatedBlockComment',
  pattern: /\/\*[\s\S]*/,
  group: 'comments',
});

export const StringLiteral = createToken({ name: 'StringLiteral', pattern: Lexer.NA });
export const ClosedString = createToken({
  name: 'ClosedString',
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/,
  categories: [StringLiteral],
});
/** `"abc` up to the end of the line: parsed as a string, reported by the lexer. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*\\?/,
  categories: [StringLiteral],
});

/** Every run that starts with a digit; malformed ones (`1.2.3`, `0x`, `12abc`) are reported by the lexer. */
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: { exec: scanNumber },
  start_chars_hint: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  line_breaks: false,
});

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

function keyword(word: string, categories: TokenType[] = []): TokenType {
  const name = word[0]!.toUpperCase() + word.slice(1);
  return createToken({ name, pattern: word, longer_alt: Identifier, categories });
}

/** Starts one top-level item; the parser is run once per item, split at these. */
export const ItemKeyword = createToken({ name: 'ItemKeyword', pattern: Lexer.NA });
export const DTypeKeyword = createToken({ name: 'DTypeKeyword', pattern: Lexer.NA });
export const ScalarKeyword = createToken({ name: 'ScalarKeyword', pattern: Lexer.NA });
export const BoolLiteral = createToken({ name: 'BoolLiteral', pattern: Lexer.NA });

export const Import = keyword('import', [ItemKeyword]);
export const Const = keyword('const', [ItemKeyword]);
export const Block = keyword('block', [ItemKeyword]);
export const Network = keyword('network', [ItemKeyword]);

/** Whether a token starts a top-level item (these words are reserved and valid nowhere else). */
export function isItemKeyword(token: IToken): boolean {
  const type = token.tokenType;
  return type === Import || type === Const || type === Block || type === Network;
}

export const Let = keyword('let');
export const Return = keyword('return');
export const If = keyword('if');
export const Else = keyword('else');
export const For = keyword('for');
export const In = keyword('in');
export const As = keyword('as');
/** Opens a network's preprocessing section: `preprocess { sampling = segments ... }`. */
export const Preprocess = keyword('preprocess');
export const True = keyword('true', [BoolLiteral]);
export const False = keyword('false', [BoolLiteral]);
export const Int = keyword('int', [ScalarKeyword]);
export const Float = keyword('float', [ScalarKeyword]);
/** `bool` is both a scalar type and a tensor dtype (`bool[N, T]`). */
export const Bool = keyword('bool', [ScalarKeyword, DTypeKeyword]);
export const StringKeyword = keyword('string', [ScalarKeyword]);
export const Word = keyword('word', [ScalarKeyword]);
/** A block parameter holding a tuple (`k: tuple = (1, 3, 3)`), passed on to `k`, `stride`, `pad`. */
export const Tuple = keyword('tuple', [ScalarKeyword]);
export const F32 = keyword('f32', [DTypeKeyword]);
export const F16 = keyword('f16', [DTypeKeyword]);
export const I64 = keyword('i64', [DTypeKeyword]);

/** Every binary operator (the parser reads `a op b op c` flat; cst-to-ast applies precedence). */
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA });
/** `-` and `!` before an operand. */
export const PrefixOperator = createToken({ name: 'PrefixOperator', pattern: Lexer.NA });

function op(name: string, pattern: string, categories: TokenType[] = [BinaryOperator]): TokenType {
  return createToken({ name, pattern, categories });
}

export const Pipe = op('Pipe', '|>', []);
export const OrOr = op('OrOr', '||');
export const AndAnd = op('AndAnd', '&&');
export const EqEq = op('EqEq', '==');
export const NotEq = op('NotEq', '!=');
export const LessEq = op('LessEq', '<=');
export const GreaterEq = op('GreaterEq', '>=');
export const Less = op('Less', '<');
export const Greater = op('Greater', '>');
export const Arrow = op('Arrow', '->', []);
export const Plus = op('Plus', '+');
export const Minus = op('Minus', '-', [BinaryOperator, PrefixOperator]);
export const Star = op('Star', '*');
export const SlashSlash = op('SlashSlash', '//');
export const Slash = op('Slash', '/');
export const Percent = op('Percent', '%');
export const Bang = op('Bang', '!', [PrefixOperator]);
export const Equals = op('Equals', '=', []);
export const LParen = op('LParen', '(', []);
export const RParen = op('RParen', ')', []);
export const LBracket = op('LBracket', '[', []);
export const RBracket = op('RBracket', ']', []);
export const LCurly = op('LCurly', '{', []);
export const RCurly = op('RCurly', '}', []);
export const Comma = op('Comma', ',', []);
export const Colon = op('Colon', ':', []);
export const DotDot = op('DotDot', '..', []);
export const Dot = op('Dot', '.', []);

/** Lexing order: comments before `/`, longer operators and keywords before their prefixes (`int` before `in`), keywords before names. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  ClosedString,
  UnterminatedString,
  NumberLiteral,
  Import,
  Const,
  Block,
  Network,
  Let,
  Return,
  If,
  Else,
  For,
  Int,
  In,
  As,
  Preprocess,
  True,
  False,
  Float,
  Bool,
  StringKeyword,
  Word,
  Tuple,
  F32,
  F16,
  I64,
  Identifier,
  Pipe,
  OrOr,
  AndAnd,
  EqEq,
  NotEq,
  LessEq,
  GreaterEq,
  Less,
  Greater,
  Arrow,
  Plus,
  Minus,
  Star,
  SlashSlash,
  Slash,
  Percent,
  Bang,
  Equals,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LCurly,
  RCurly,
  Comma,
  Colon,
  DotDot,
  Dot,
  StringLiteral,
  ItemKeyword,
  DTypeKeyword,
  ScalarKeyword,
  BoolLiteral,
  BinaryOperator,
  PrefixOperator,
];

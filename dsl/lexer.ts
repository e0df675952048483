/**
 * Text to tokens. The chevrotain lexer is built once; each run also reports, as data,
 * what it could read but not accept: stray characters, unterminated strings and comments,
 * malformed numbers, bad escapes.
 */
import type { ILexingError, IToken } from 'chevrotain';
import { Lexer } from './chevrotain.js';
import { diagnose } from '../base/diagnostics/code.js';
import type { Diagnostic } from '../base/diagnostics/diagnostic.js';
import {
  BadEscape,
  BadNumber,
  IntegerTooLarge,
  UnexpectedCharacter,
  UnexpectedToken,
  UnterminatedComment,
  UnterminatedString,
} from '../base/diagnostics/codes/syntax.js';
import { MAX_SYNTAX_ERRORS } from './limits.js';
import { readNumber } from './number.js';
import type { Source } from '../base/source.js';
import { readString } from './string-literal.js';
import { readKeywordNames } from './keyword-names.js';
import * as t from './tokens.js';

const lexer = new Lexer(t.allTokens, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
});

export interface LexResult {
  readonly tokens: readonly IToken[];
  readonly comments: readonly IToken[];
  readonly diagnostics: readonly Diagnostic[];
}

export function lex(source: Source): LexResult {
  const result = lexer.tokenize(source.text);
  // Past the cap the file is not text worth describing; the errors kept are the first ones.
  const diagnostics: Diagnostic[] = result.errors.slice(0, MAX_SYNTAX_ERRORS + 1).map((e) => characterError(source, e));
  for (const token of result.tokens) {
    checkToken(source, token, diagnostics);
    if (diagnostics.length > 2 * MAX_SYNTAX_ERRORS) break;
  }
  const comments = result.groups['comments'] ?? [];
  for (const comment of comments) {
    if (comment.tokenType === t.UnterminatedBlockComment) {
      diagnostics.push(diagnose(UnterminatedComment, {}, tokenSpan(source, comment, 2)));
    }
  }
  const named = readKeywordNames(result.tokens);
  for (const { token, after } of named.reserved) {
    diagnostics.push(
      diagnose(UnexpectedToken, { expected: 'a name', after: after.image, found: `'${token.image}'`, reserved: token.image }, tokenSpan(source, token)),
    );
  }
  diagnostics.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
  return { tokens: named.tokens, comments, diagnostics };
}

function checkToken(source: Source, token: IToken, out: Diagnostic[]): void {
  const type = token.tokenType;
  if (type === t.NumberLiteral) {
    const n = readNumber(token.image);
    if (n.kind === 'malformed') out.push(diagnose(BadNumber, { text: token.image }, tokenSpan(source, token)));
    else if (n.kind === 'int' && !Number.isSafeInteger(n.value)) {
      out.push(diagnose(IntegerTooLarge, { text: token.image }, tokenSpan(source, token)));
    }
  } else if (type === t.UnterminatedString) {
    out.push(diagnose(UnterminatedString, {}, tokenSpan(source, token, 1)));
  }
  if ((type === t.ClosedString || type === t.UnterminatedString) && token.image.includes('\\')) {
    for (const at of readString(token.image).badEscapes) {
      const start = token.startOffset + at;
      out.push(diagnose(BadEscape, { escape: token.image.slice(at, at + 2) }, source.span(start, start + 2)));
    }
  }
}

function characterError(source: Source, e: ILexingError): Diagnostic {
  const text = source.text.slice(e.offset, e.offset + e.length);
  const count = [...text].length;
  return diagnose(UnexpectedCharacter, { text: showCharacters(text), count }, source.span(e.offset, e.offset + e.length));
}

/** `'@'`, or `U+0007` for characters that do not print. */
function showCharacters(text: string): string {
  const chars = [...text];
  const shown = chars.slice(0, 8).map((c) => {
    const code = c.codePointAt(0) ?? 0;
    return code < 32 || code === 127 || (code >= 0x80 && code < 0xa0) || code === 0xfeff ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : c;
  });
  const printable = shown.every((s, i) => s === chars[i]);
  const body = printable ? `'${shown.join('')}'` : shown.join(' ');
  return chars.length > 8 ? `${body}...` : body;
}

/** The span of a token, or of its first `length` characters. */
export function tokenSpan(source: Source, token: IToken, length?: number): ReturnType<Source['span']> {
  const end = length === undefined ? token.startOffset + token.image.length : token.startOffset + length;
  return source.span(token.startOffset, end);
}

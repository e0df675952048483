/**
 * Where a keyword is read as a name. Any word after `as` is a label, keywords included: PyTorch
 * modules are named `block`, `in`, `float` as often as anything else (pytorchvideo's
 * squeeze-excitation is `block.0`), and a label must spell the reference implementation's names.
 * A keyword right after `as`, or after a label's `.`, is a label segment.
 * A keyword where a value, parameter or argument is being named (`let block = ...`, `in: int`,
 * `float=1`) is a mistake with an obvious intent: it is read as the name, so the rest parses, and
 * reported once, saying the word is reserved.
 */
import type { IToken, TokenType } from 'chevrotain';
import * as t from './tokens.js';

/** Every keyword the lexer reserves: tokens that fall back to a name when longer (`block` vs `blocks`). */
const KEYWORDS: ReadonlySet<TokenType> = new Set(
  Object.values(t).filter((v): v is TokenType => typeof v === 'object' && v !== null && 'LONGER_ALT' in v && (v as TokenType).LONGER_ALT === t.Identifier),
);

/** Words that name what follows them: `let x`, `const X`, `for i`, `block b`, `network n`. */
const NAMING: ReadonlySet<TokenType> = new Set([t.Let, t.Const, t.For, t.Block, t.Network]);

export function isKeyword(token: IToken): boolean {
  return KEYWORDS.has(token.tokenType);
}

export interface KeywordNames {
  readonly tokens: IToken[];
  /** Keywords written where a name is being defined, each with the token before it; read as names. */
  readonly reserved: readonly { readonly token: IToken; readonly after: IToken }[];
}

export function readKeywordNames(tokens: readonly IToken[]): KeywordNames {
  const out = [...tokens];
  const reserved: { token: IToken; after: IToken }[] = [];
  for (let i = 1; i < out.length; i++) {
    const token = out[i] as IToken;
    if (!KEYWORDS.has(token.tokenType)) continue;
    const previous = out[i - 1] as IToken;
    const label = startsLabelWord(previous, out[i - 2]);
    const misused = !label && namesSomething(previous, out[i + 1]);
    if (!label && !misused) continue;
    out[i] = asName(token);
    if (misused) reserved.push({ token, after: previous });
  }
  return { tokens: out, reserved };
}

function asName(token: IToken): IToken {
  return { ...token, tokenType: t.Identifier, tokenTypeIdx: t.Identifier.tokenTypeIdx as number };
}

/** `as WORD`, or `... .WORD` inside a label (a `.` is only ever a label's; `as .` is a whole label). */
function startsLabelWord(previous: IToken, beforeThat: IToken | undefined): boolean {
  if (previous.tokenType === t.As) return true;
  return previous.tokenType === t.Dot && beforeThat !== undefined && beforeThat.tokenType !== t.As;
}

/**
 * A keyword being defined as a name: after `let`/`const`/`for`/`block`/`network`, a parameter
 * (`(in: int` or `, in: int`), or a keyword argument (`(float=1` or `, float=1`).
 */
function namesSomething(previous: IToken, next: IToken | undefined): boolean {
  if (NAMING.has(previous.tokenType)) return true;
  const inList = previous.tokenType === t.LParen || previous.tokenType === t.Comma;
  return inList && next !== undefined && (next.tokenType === t.Colon || next.tokenType === t.Equals);
}

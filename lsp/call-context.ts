/**
 * What is being typed at an offset, read from the lexer's tokens before it (the AST of a half-typed
 * line is not there yet): the call whose parentheses are open, the argument index and keyword, whether
 * the position follows `as` (a label) or `|>` (a stage).
 */
import type { IToken } from 'chevrotain';
import { lex } from '../dsl/lexer.js';
import { MAX_TOKENS } from '../dsl/limits.js';
import { Source } from '../base/source.js';
import { pastTokenLimit } from '../dsl/token-count.js';
import * as t from '../dsl/tokens.js';

export interface OpenCall {
  readonly callee: string;
  /** Arguments before the cursor's (commas at the call's own depth). */
  readonly index: number;
  /** The keyword of the argument being typed (`k` in `k=3`), if any. */
  readonly keyword?: string;
  /** Written as a pipeline stage (`|> conv2d(`): the piped value fills the first tensor parameter. */
  readonly stage: boolean;
}

export interface TypingContext {
  /** The identifier being typed, up to the cursor ('' at a fresh position). */
  readonly prefix: string;
  readonly afterAs: boolean;
  readonly afterPipe: boolean;
  readonly call?: OpenCall;
}

export function typingContext(text: string, offset: number): TypingContext {
  const before = text.slice(0, offset);
  // A document the checker refuses as too large is not lexed on every keystroke either.
  if (pastTokenLimit(before, MAX_TOKENS) !== undefined) return { prefix: '', afterAs: false, afterPipe: false };
  const all = lex(new Source('<completion>', before)).tokens;
  let tokens = all;
  let prefix = '';
  const last = all[all.length - 1];
  if (last && last.tokenType === t.Identifier && last.startOffset + last.image.length === offset) {
    prefix = last.image;
    tokens = all.slice(0, -1);
  } else if (last && isWordLike(last) && last.startOffset + last.image.length === offset) {
    prefix = last.image;
    tokens = all.slice(0, -1);
  }
  const previous = tokens[tokens.length - 1];
  const call = openCall(tokens);
  return {
    prefix,
    afterAs: previous?.tokenType === t.As || (previous !== undefined && inLabel(tokens)),
    afterPipe: previous?.tokenType === t.Pipe,
    ...(call ? { call } : {}),
  };
}

function isWordLike(token: IToken): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(token.image);
}

/** After `as name.` or `as name[i].`: still writing a label. */
function inLabel(tokens: readonly IToken[]): boolean {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const tok = tokens[i] as IToken;
    if (tok.tokenType === t.As) return true;
    if (
      tok.tokenType !== t.Dot &&
      tok.tokenType !== t.Identifier &&
      tok.tokenType !== t.RBracket &&
      tok.tokenType !== t.LBracket &&
      tok.tokenType !== t.NumberLiteral
    )
      return false;
    if (tok.tokenType === t.Identifier && i > 0 && (tokens[i - 1] as IToken).tokenType !== t.Dot && (tokens[i - 1] as IToken).tokenType !== t.As) return false;
  }
  return false;
}

function openCall(tokens: readonly IToken[]): OpenCall | undefined {
  let depth = 0;
  let commas = 0;
  let keyword: string | undefined;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const tok = tokens[i] as IToken;
    const type = tok.tokenType;
    if (type === t.LCurly || type === t.RCurly) return undefined;
    if (type === t.RParen || type === t.RBracket) depth++;
    else if (type === t.LBracket) {
      if (depth === 0) return undefined;
      depth--;
    } else if (type === t.LParen) {
      if (depth > 0) {
        depth--;
        continue;
      }
      const callee = tokens[i - 1];
      if (!callee || callee.tokenType !== t.Identifier) return undefined;
      const stage = tokens[i - 2]?.tokenType === t.Pipe;
      return { callee: callee.image, index: commas, ...(keyword ? { keyword } : {}), stage };
    } else if (depth === 0 && type === t.Comma) commas++;
    else if (depth === 0 && commas === 0 && type === t.Equals && tokens[i - 1]?.tokenType === t.Identifier && keyword === undefined) {
      keyword = (tokens[i - 1] as IToken).image;
    }
  }
  return undefined;
}

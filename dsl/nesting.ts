/**
 * A cheap guard run before the parser: nesting deeper than MAX_NESTING (brackets, braces,
 * and runs of prefix operators such as `- - - x`) is refused, so deep input can neither
 * overflow the parser's stack nor build a tree too deep for later passes to walk.
 */
import type { IToken } from 'chevrotain';
import { MAX_NESTING } from './limits.js';
import * as t from './tokens.js';

/** The first token that opens a level past MAX_NESTING, if any. */
export function findTooDeep(tokens: readonly IToken[]): IToken | undefined {
  let depth = 0;
  let prefixRun = 0;
  for (const token of tokens) {
    const type = token.tokenType;
    if (type === t.LParen || type === t.LBracket || type === t.LCurly) depth++;
    else if (type === t.RParen || type === t.RBracket || type === t.RCurly) depth = Math.max(0, depth - 1);
    prefixRun = type === t.Minus || type === t.Bang ? prefixRun + 1 : 0;
    if (depth + prefixRun > MAX_NESTING) return token;
  }
  return undefined;
}

/**
 * Chevrotain's parse errors as vnet diagnostics, in a user's words: what was expected
 * (`an expression`, `')' to close the argument list opened at 3:14`), after which token,
 * and what was found. The diagnostic points at the token found; at the end of the input
 * (a token with no position) it points at the last real token instead.
 */
import type { IRecognitionException, IToken } from 'chevrotain';
import { EOF } from './chevrotain.js';
import { diagnose } from '../base/diagnostics/code.js';
import type { Diagnostic } from '../base/diagnostics/diagnostic.js';
import { UnclosedBracket, UnexpectedToken, UnknownTopLevel } from '../base/diagnostics/codes/syntax.js';
import type { SyntaxErrorFacts } from './parser.js';
import type { Source } from '../base/source.js';
import type { Span } from '../base/span.js';
import { isKeyword } from './keyword-names.js';
import { suggest } from './suggest.js';
import * as t from './tokens.js';

/** The tokens one parser run saw, and the token after them (the next item's keyword), if any. */
export interface ParseChunk {
  readonly source: Source;
  readonly tokens: readonly IToken[];
  readonly next: IToken | undefined;
}

const ITEM_WORDS = ['import', 'const', 'block', 'network'];
const STATEMENT_WORDS = ['let', 'return', 'if', 'for', 'else'];

const CLOSERS: Readonly<Record<string, { open: string; close: string }>> = {
  RParen: { open: 'LParen', close: ')' },
  RBracket: { open: 'LBracket', close: ']' },
  RCurly: { open: 'LCurly', close: '}' },
};

/** What the bracket a rule closes is called. */
const BRACKET_OWNERS: Readonly<Record<string, string>> = {
  params: 'parameter list',
  operand: 'argument list',
  arg: 'argument list',
  stage: 'argument list',
  parenthesized: 'parentheses',
  tensorType: 'dimension list',
  labelIndex: 'label index',
  body: 'block',
};

const TOKEN_WORDS: Readonly<Record<string, string>> = {
  Identifier: 'a name',
  StringLiteral: 'a string',
  NumberLiteral: 'a number',
  ScalarKeyword: 'a scalar type (int, float, bool, string, word or tuple)',
  DTypeKeyword: 'a dtype (f32, f16, i64 or bool)',
};

const RULE_WORDS: Readonly<Record<string, string>> = {
  operand: 'an expression',
  expression: 'an expression',
  type: 'a type (such as f32[N, C] or int)',
  statement: "a statement ('let', 'return', 'if', 'for' or an assignment)",
  label: 'a label (a name or [index])',
  item: "'import', 'const', 'block' or 'network'",
};

/** A parse error as a diagnostic, and the index in the chunk of the token it found (length at the end). */
export function syntaxErrorDiagnostic(e: IRecognitionException, chunk: ParseChunk): { diagnostic: Diagnostic; found: number } {
  const index = indexOf(chunk.tokens, e.token);
  return { diagnostic: describe(e, chunk, index), found: index };
}

function describe(e: IRecognitionException, chunk: ParseChunk, index: number): Diagnostic {
  const facts = readFacts(e.message);
  const previous = index > 0 ? chunk.tokens[index - 1] : undefined;
  const foundToken = index < chunk.tokens.length ? chunk.tokens[index] : chunk.next;
  const found = describeFound(foundToken);
  const at = anchor(chunk, foundToken, previous);
  const after = previous ? shortImage(previous) : undefined;

  if (facts.kind === 'notAllInput') return topLevelDiagnostic(chunk.source, foundToken ?? e.token);
  if (facts.kind === 'mismatch') {
    const closer = CLOSERS[facts.expected];
    if (closer) {
      const opener = findOpener(chunk.tokens, index, closer.open);
      if (opener) {
        const openedSpan = chunk.source.span(opener.startOffset, opener.startOffset + 1);
        const what = BRACKET_OWNERS[facts.rule] ?? 'bracket';
        return diagnose(UnclosedBracket, { closer: closer.close, what, openedAt: `${openedSpan.line}:${openedSpan.column}`, found }, at, [
          { span: openedSpan, message: `'${opener.image}' opened here` },
        ]);
      }
    }
    const expected = facts.rule === 'stage' && facts.expected === 'Identifier' ? 'an expression' : describeExpected(facts.expected);
    const suggestion = facts.rule === 'assignStmt' && previous ? suggest(previous.image, STATEMENT_WORDS) : undefined;
    const reserved = facts.expected === 'Identifier' && foundToken && isKeyword(foundToken) ? foundToken.image : undefined;
    const extra = { ...(suggestion ? { suggestion } : {}), ...(reserved ? { reserved } : {}) };
    return diagnose(UnexpectedToken, { expected, ...(after ? { after } : {}), found, ...extra }, at);
  }
  const expected = RULE_WORDS[facts.rule] ?? 'something else';
  // A keyword read as a value on the same line (`let y = block`): the user meant a name. (On the next line it
  // more likely starts what follows an unfinished statement.)
  const valueRule = facts.rule === 'operand' || facts.rule === 'expression';
  const sameLine = previous !== undefined && foundToken !== undefined && !/[\n\r]/.test(chunk.source.text.slice(previous.startOffset, foundToken.startOffset));
  const isValueWord = foundToken !== undefined && isKeyword(foundToken) && foundToken.tokenType !== t.True && foundToken.tokenType !== t.False;
  const reserved = valueRule && sameLine && isValueWord ? foundToken.image : undefined;
  return diagnose(UnexpectedToken, { expected, ...(after ? { after } : {}), found, ...(reserved ? { reserved } : {}) }, at);
}

/** `unknown word 'blok' at top level: ...`, with a did-you-mean for a misspelt item keyword. */
export function topLevelDiagnostic(source: Source, token: IToken): Diagnostic {
  const isWord = token.tokenType === t.Identifier;
  const suggestion = isWord ? suggest(token.image, ITEM_WORDS) : undefined;
  const span = source.span(token.startOffset, token.startOffset + token.image.length);
  return diagnose(UnknownTopLevel, { found: describeFound(token), isWord, ...(suggestion ? { suggestion } : {}) }, span);
}

function readFacts(message: string): SyntaxErrorFacts {
  try {
    return JSON.parse(message) as SyntaxErrorFacts;
  } catch {
    return { kind: 'noViableAlt', rule: '' };
  }
}

/** Position of `token` in `tokens` by offset; `tokens.length` for EOF. */
function indexOf(tokens: readonly IToken[], token: IToken): number {
  if (token.tokenType === EOF || Number.isNaN(token.startOffset)) return tokens.length;
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.startOffset < token.startOffset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The innermost still-open `openName` bracket before `index`. */
function findOpener(tokens: readonly IToken[], index: number, openName: string): IToken | undefined {
  const stack: IToken[] = [];
  for (let i = 0; i < index; i++) {
    const token = tokens[i]!;
    const name = token.tokenType.name;
    if (name === 'LParen' || name === 'LBracket' || name === 'LCurly') stack.push(token);
    else {
      const closer = CLOSERS[name];
      if (closer && stack.length > 0 && stack[stack.length - 1]!.tokenType.name === closer.open) stack.pop();
    }
  }
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.tokenType.name === openName) return stack[i];
  return undefined;
}

function anchor(chunk: ParseChunk, found: IToken | undefined, previous: IToken | undefined): Span {
  const token = found && !Number.isNaN(found.startOffset) ? found : previous;
  if (token === undefined) return chunk.source.span(chunk.source.text.length, chunk.source.text.length);
  return chunk.source.span(token.startOffset, token.startOffset + token.image.length);
}

function describeExpected(tokenName: string): string {
  const word = TOKEN_WORDS[tokenName];
  if (word) return word;
  const pattern = t.allTokens.find((type) => type.name === tokenName)?.PATTERN;
  return typeof pattern === 'string' ? `'${pattern}'` : tokenName;
}

function describeFound(token: IToken | undefined): string {
  if (token === undefined || token.tokenType === EOF) return 'end of file';
  return `'${shortImage(token)}'`;
}

function shortImage(token: IToken): string {
  const image = token.image;
  return image.length > 24 ? `${image.slice(0, 20)}...` : image;
}

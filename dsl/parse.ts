/**
 * Source text to AST and syntax diagnostics; never throws. The stages: refuse a file of too
 * many tokens, lex, refuse deep nesting, split the tokens at the item keywords (`import`, `const`, `block`, `network`
 * are reserved, so each one starts a top-level item), parse each item on its own (so a
 * mistake in one item cannot hide or garble the next), and build the AST.
 */
import type { IRecognitionException, IToken } from 'chevrotain';
import { diagnose } from '../base/diagnostics/code.js';
import type { Diagnostic } from '../base/diagnostics/diagnostic.js';
import { TooManyTokens } from '../base/diagnostics/codes/io.js';
import { InternalParserError, NestingTooDeep, TooManySyntaxErrors } from '../base/diagnostics/codes/syntax.js';
import type { Comment, File, Item } from './ast.js';
import { AstBuilder } from './cst-to-ast.js';
import type { ItemCstNode } from './cst-types.js';
import { lex } from './lexer.js';
import { MAX_NESTING, MAX_SYNTAX_ERRORS, MAX_TOKENS } from './limits.js';
import { findTooDeep } from './nesting.js';
import { pastTokenLimit } from './token-count.js';
import { fastParser, parser } from './parser.js';
import type { Source } from '../base/source.js';
import { syntaxErrorDiagnostic, topLevelDiagnostic, type ParseChunk } from './syntax-errors.js';
import * as t from './tokens.js';

export interface ParseResult {
  readonly file: File;
  readonly diagnostics: Diagnostic[];
}

export function parseSource(source: Source): ParseResult {
  try {
    return parseUnguarded(source);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { file: makeFile(source, [], []), diagnostics: [diagnose(InternalParserError, { reason }, source.span(0, 0))] };
  }
}

function parseUnguarded(source: Source): ParseResult {
  const past = pastTokenLimit(source.text, MAX_TOKENS);
  if (past !== undefined) {
    return { file: makeFile(source, [], []), diagnostics: [diagnose(TooManyTokens, { path: source.file, limit: MAX_TOKENS }, source.span(past, past + 1))] };
  }
  const lexed = lex(source);
  const comments: Comment[] = lexed.comments.map((c) => ({
    kind: 'Comment',
    text: c.image,
    span: source.span(c.startOffset, c.startOffset + c.image.length),
  }));
  const tooDeep = findTooDeep(lexed.tokens);
  if (tooDeep) {
    const span = source.span(tooDeep.startOffset, tooDeep.startOffset + tooDeep.image.length);
    const diagnostics = [...lexed.diagnostics, diagnose(NestingTooDeep, { limit: MAX_NESTING }, span)];
    return { file: makeFile(source, [], comments), diagnostics: capped(diagnostics) };
  }
  const { items, diagnostics: parseDiagnostics } = parseItems(source, lexed.tokens, cascadeFilter(source, lexed));
  const diagnostics = [...lexed.diagnostics, ...parseDiagnostics].sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
  return { file: makeFile(source, items, comments), diagnostics: capped(diagnostics) };
}

function parseItems(source: Source, tokens: readonly IToken[], isCascade: (foundOffset: number) => boolean): { items: Item[]; diagnostics: Diagnostic[] } {
  const builder = new AstBuilder(source);
  const items: Item[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const chunk of splitAtItems(source, tokens)) {
    // A file with this many errors is not worth reading further (the first ones are shown).
    if (diagnostics.length > MAX_SYNTAX_ERRORS) break;
    const first = chunk.tokens[0]!;
    if (!t.isItemKeyword(first)) {
      diagnostics.push(topLevelDiagnostic(source, first));
      continue;
    }
    const { cst, errors } = parseItem(chunk);
    diagnostics.push(...reportable(errors, chunk, isCascade));
    const item = cst ? builder.item(cst) : undefined;
    if (item) items.push(item);
  }
  diagnostics.push(...builder.diagnostics);
  return { items, diagnostics };
}

/**
 * One item through the fast parser, and again through the recovering one when it has
 * errors. Recovery walks the grammar on top of the parser's own stack; should that run out
 * on a deeply nested item, the fast parser's first error is still a true one.
 */
function parseItem(chunk: ParseChunk): { cst: ItemCstNode | undefined; errors: IRecognitionException[] } {
  fastParser.input = chunk.tokens as IToken[];
  // The `item` rule's nodes have the shape cst-types.ts (generated from this grammar) declares.
  const cst = fastParser.item() as ItemCstNode | undefined;
  const errors = fastParser.errors;
  if (errors.length === 0) return { cst, errors };
  try {
    parser.input = chunk.tokens as IToken[];
    return { cst: parser.item() as ItemCstNode | undefined, errors: parser.errors };
  } catch (e) {
    if (e instanceof RangeError) return { cst, errors };
    throw e;
  }
}

/**
 * The errors worth showing: one parse mistake often trips the parser again a token later
 * while it recovers; like ANTLR, report nothing more until it has read at least one more
 * token, nothing at the end of an item once it already failed, and no left-over input
 * after a broken item.
 */
function reportable(errors: readonly IRecognitionException[], chunk: ParseChunk, isCascade: (foundOffset: number) => boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  let lastFound = -Infinity;
  for (const e of errors) {
    if (out.length > 0 && e.name === 'NotAllInputParsedException') continue;
    const { diagnostic, found } = syntaxErrorDiagnostic(e, chunk);
    const atEnd = found >= chunk.tokens.length;
    const foundOffset = chunk.tokens[found]?.startOffset ?? chunk.next?.startOffset ?? chunk.source.text.length;
    const cascade = found <= lastFound + 1 || (atEnd && out.length > 0) || isCascade(foundOffset);
    lastFound = Math.max(lastFound, found);
    if (!cascade) out.push(diagnostic);
  }
  return out;
}

/** Runs of tokens that each start at an item keyword (the first run may hold stray tokens). */
function* splitAtItems(source: Source, tokens: readonly IToken[]): Generator<ParseChunk> {
  let start = 0;
  for (let i = 1; i <= tokens.length; i++) {
    const next = tokens[i];
    if (next !== undefined && !t.isItemKeyword(next)) continue;
    yield { source, tokens: tokens.slice(start, i), next };
    start = i;
  }
}

/**
 * Parser errors caused by what the lexer already reported: the token right after stray
 * characters, and the end of a file swallowed by an unterminated comment.
 */
function cascadeFilter(source: Source, lexed: ReturnType<typeof lex>): (foundOffset: number) => boolean {
  const afterBadCharacters = new Set<number>();
  let swallowedFrom = Infinity;
  for (const d of lexed.diagnostics) {
    if (d.code === 'VN103' && d.span) swallowedFrom = Math.min(swallowedFrom, d.span.start);
    if (d.code !== 'VN101' || !d.span) continue;
    const next = lexed.tokens[firstTokenAtOrAfter(lexed.tokens, d.span.end)];
    afterBadCharacters.add(next ? next.startOffset : source.text.length);
  }
  return (offset) => afterBadCharacters.has(offset) || offset >= swallowedFrom;
}

function firstTokenAtOrAfter(tokens: readonly IToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.startOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function capped(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_SYNTAX_ERRORS) return diagnostics;
  const shown = diagnostics.slice(0, MAX_SYNTAX_ERRORS);
  shown.push(diagnose(TooManySyntaxErrors, { shown: MAX_SYNTAX_ERRORS }, shown[shown.length - 1]?.span));
  return shown;
}

function makeFile(source: Source, items: Item[], comments: Comment[]): File {
  return { kind: 'File', items, comments, span: source.span(0, source.text.length) };
}

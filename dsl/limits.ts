/** Limits that keep the front end fast and safe on hostile input. */

/**
 * Deepest nesting of brackets, braces and prefix operators the parser accepts. Chevrotain
 * spends a few rule calls of stack per level (a label index, five); at 128 levels the
 * parser, and its error recovery, stay well inside Node's default stack. Real networks nest
 * a handful of levels.
 */
export const MAX_NESTING = 128;

/** More syntax errors than this are cut off with one note (graphql-js does the same). */
export const MAX_SYNTAX_ERRORS = 100;

/**
 * Most tokens (words and symbols) one file may hold, counted before the lexer runs: 16 MiB of
 * `1+1+...` is 16 million tokens, which take the lexer alone 13 s and 1.5 GB. Real networks have
 * a few hundred to a few thousand; at this limit a check takes about a second.
 */
export const MAX_TOKENS = 500_000;

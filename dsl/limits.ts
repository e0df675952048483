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

/** Limits that keep the front end fast and safe on hostile input. */

/** Deepest nesting of brackets, braces and prefix operators the parser accepts. */
export const MAX_NESTING = 256;

/** More syntax errors than this are cut off with one note (graphql-js does the same). */
export const MAX_SYNTAX_ERRORS = 100;

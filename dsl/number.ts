/**
 * Number literals. The lexer takes every run that starts with a digit as one token
 * (`scanNumber`), so `1.2.3` and `12abc` are one malformed number rather than a number
 * followed by surprises; `readNumber` then says what the run is.
 */

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWordChar(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Length of the number-like run at `offset` (0 if none): digits, letters, `_`, `.digit`, and `e-`/`e+` signs. */
export function numberRunLength(text: string, offset: number): number {
  if (!isDigit(text.charCodeAt(offset))) return 0;
  const hex = text.charCodeAt(offset) === 48 && (text.charCodeAt(offset + 1) | 32) === 120;
  let i = offset + 1;
  for (;;) {
    const c = text.charCodeAt(i);
    if (isWordChar(c)) i++;
    // `0..n` is a range: a dot belongs to the number only when a digit follows.
    else if (c === 46 && !hex && isDigit(text.charCodeAt(i + 1))) i += 2;
    else if ((c === 43 || c === 45) && !hex && (text.charCodeAt(i - 1) | 32) === 101 && isDigit(text.charCodeAt(i + 1))) i += 2;
    else return i - offset;
  }
}

/** A chevrotain custom pattern: the number-like run at `offset`. */
export function scanNumber(text: string, offset: number): [string] | null {
  const length = numberRunLength(text, offset);
  return length === 0 ? null : [text.slice(offset, offset + length)];
}

export type NumberValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'malformed' };

const DECIMAL = /^\d(?:_?\d)*$/;
const HEX = /^0[xX][0-9a-fA-F](?:_?[0-9a-fA-F])*$/;
const FLOAT = /^\d(?:_?\d)*(?:\.\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?$/;

/** What a number run means: an int, a float, or nothing (malformed). */
export function readNumber(raw: string): NumberValue {
  if (raw.length < 10 && isAllDigits(raw)) return { kind: 'int', value: Number(raw) };
  if (DECIMAL.test(raw)) return { kind: 'int', value: Number(raw.replaceAll('_', '')) };
  if (HEX.test(raw)) return { kind: 'int', value: parseInt(raw.slice(2).replaceAll('_', ''), 16) };
  if (FLOAT.test(raw)) return { kind: 'float', value: Number(raw.replaceAll('_', '')) };
  return { kind: 'malformed' };
}

function isAllDigits(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) if (!isDigit(raw.charCodeAt(i))) return false;
  return true;
}

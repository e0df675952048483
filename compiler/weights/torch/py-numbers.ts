/**
 * The text-form numbers of protocol-0 pickles, read as CPython 3's `_pickle.c` reads them (a shape
 * written `I010` is 8 there, so it must be 8 here):
 * - INT: C `strtol(s, &end, 0)` (hex `0x`, C octal `0..`, leading blanks), `00` / `01` (and any
 *   two-character 0 or 1) are False / True; past `long` or with trailing text, `int(s, 0)` decides;
 * - LONG: `int(s, 0)` after dropping one trailing `L`;
 * - FLOAT: `PyOS_string_to_double` (no blanks, `inf` / `nan`, overflow is an error);
 * - PUT / GET: `int(s, 10)`.
 * A line here is the opcode's bytes up to its newline; C reads it as a C string, so a NUL ends it.
 */
import { latin1 } from './py-text.js';

export type NumberRead<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Python ints wider than this many decimal digits are refused (nothing torch writes comes close). */
const MAX_DIGITS = 40;
const LONG_MAX = 2n ** 63n - 1n;
const LONG_MIN = -(2n ** 63n);

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** The line as C sees it: up to the first NUL (the newline is kept when there is none). */
function cString(lineWithNewline: Uint8Array): string {
  const nul = lineWithNewline.indexOf(0);
  return latin1(nul < 0 ? lineWithNewline : lineWithNewline.subarray(0, nul));
}

const C_SPACE = '[ \\t\\n\\r\\v\\f]';
const SPACES = new RegExp(`^${C_SPACE}*`);

/** `int(text, base)` with base 0 (prefixes, no C octal) or 10: blanks around, one `_` between digits. */
export function pyInt(text: string, base: 0 | 10): NumberRead<number | bigint> {
  const m = new RegExp(`^${C_SPACE}*([+-]?)([^]*?)${C_SPACE}*$`).exec(text) as RegExpExecArray;
  const [, sign, body = ''] = m;
  const literal = base === 10 ? (/^\d(?:_?\d)*$/.test(body) ? body : undefined) : base0Literal(body);
  if (literal === undefined) return fail(`invalid literal for int() with base ${base}: '${text.trim().slice(0, 20)}'`);
  const digits = literal.replace(/^0[xob]/i, '').replace(/_/g, '');
  if (digits.length > MAX_DIGITS) return fail(`an integer of ${digits.length} digits`);
  const value = BigInt(literal.replace(/_/g, '').replace(/^0([XOB])/, (_, p: string) => `0${p.toLowerCase()}`));
  return { ok: true, value: narrow(sign === '-' ? -value : value) };
}

/** A base-0 literal as BigInt reads it (`0x1f`, `0o17`, `0b1`, `0`, `42`), or undefined. */
function base0Literal(body: string): string | undefined {
  const prefixed = /^0([xXoObB])_?(.*)$/.exec(body);
  if (prefixed) {
    const digit = { x: '[0-9a-fA-F]', o: '[0-7]', b: '[01]' }[(prefixed[1] as string).toLowerCase() as 'x' | 'o' | 'b'];
    return new RegExp(`^${digit}(?:_?${digit})*$`).test(prefixed[2] as string) ? `0${prefixed[1]}${prefixed[2]}` : undefined;
  }
  return /^0(?:_?0)*$/.test(body) || /^[1-9](?:_?\d)*$/.test(body) ? body : undefined;
}

function narrow(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** glibc `strtol(s, &end, 0)`: the value, whether it overflowed `long`, and where parsing stopped. */
function strtol(s: string): { value: bigint; overflow: boolean; end: number } {
  const lead = (SPACES.exec(s) as RegExpExecArray)[0].length;
  const m = /^([+-]?)(?:0[xX]([0-9a-fA-F]+)|(0[0-7]*)|([1-9]\d*))/.exec(s.slice(lead));
  if (!m) return { value: 0n, overflow: false, end: 0 };
  const [whole, sign, hex, octal, decimal] = m;
  let value = hex !== undefined ? BigInt(`0x${hex}`) : octal !== undefined ? BigInt(`0o${octal.slice(1) || '0'}`) : BigInt(decimal as string);
  if (sign === '-') value = -value;
  return { value, overflow: value > LONG_MAX || value < LONG_MIN, end: lead + whole.length };
}

/** The INT opcode; `line` ends with its newline. */
export function intOpcode(line: Uint8Array): NumberRead<number | bigint | boolean> {
  if (line.length < 2) return fail('pickle data was truncated');
  const s = cString(line);
  const parsed = strtol(s);
  const stop = s.charCodeAt(parsed.end);
  if (parsed.overflow || (stop !== 0x0a && !Number.isNaN(stop))) return pyInt(s, 0).ok ? pyInt(s, 0) : fail('could not convert string to int');
  if (line.length === 3 && (parsed.value === 0n || parsed.value === 1n)) return { ok: true, value: parsed.value === 1n };
  return { ok: true, value: narrow(parsed.value) };
}

/** The LONG opcode; `line` ends with its newline. */
export function longOpcode(line: Uint8Array): NumberRead<number | bigint> {
  if (line.length < 2) return fail('pickle data was truncated');
  const text = line[line.length - 2] === 0x4c ? cString(line.subarray(0, line.length - 2)) : cString(line);
  return pyInt(text, 0);
}

const FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)/i;

/** The FLOAT opcode; `line` ends with its newline. */
export function floatOpcode(line: Uint8Array): NumberRead<number> {
  if (line.length < 2) return fail('pickle data was truncated');
  const s = cString(line);
  const m = FLOAT.exec(s);
  if (!m) return fail('could not convert string to float');
  const rest = s.slice(m[0].length);
  if (rest !== '\n' && rest !== '') return fail('could not convert string to float');
  const text = m[0].toLowerCase().replace('infinity', 'inf');
  if (/nan$/.test(text)) return { ok: true, value: Number.NaN };
  if (/inf$/.test(text)) return { ok: true, value: text.startsWith('-') ? -Infinity : Infinity };
  const value = Number(text);
  if (!Number.isFinite(value)) return fail('value too large to convert to float');
  return { ok: true, value };
}

/** The PUT and GET opcodes' memo index; `line` ends with its newline. */
export function memoIndex(line: Uint8Array): NumberRead<number> {
  const parsed = pyInt(cString(line), 10);
  if (!parsed.ok) return parsed;
  if (typeof parsed.value !== 'number' || parsed.value < 0) return fail('negative or huge memo index');
  return { ok: true, value: parsed.value };
}

/**
 * The text decoders of Python's unpickler (CPython 3's `_pickle.c`, which `torch.load` uses with
 * `encoding='utf-8'`), so a key reads here exactly as it reads in Python:
 * - STRING (`S'...'`): quotes stripped, `codecs.escape_decode` (`\x74`, octal, `\n`, `\'`, ...), then UTF-8;
 * - BINSTRING, SHORT_BINSTRING: UTF-8, strict;
 * - UNICODE (`V...`): raw-unicode-escape (latin-1 bytes, `\uXXXX` and `\UXXXXXXXX` escapes);
 * - BINUNICODE, SHORT_BINUNICODE, BINUNICODE8: UTF-8 with `surrogatepass`;
 * - GLOBAL's module and name lines: UTF-8, strict.
 * A byte order mark is kept (Python keeps U+FEFF; a default TextDecoder would drop it). A surrogate
 * code point (encoded, or a `\ud800` escape) is refused: Python keeps it as one character, and a
 * JavaScript string cannot tell two such characters from one character outside the BMP.
 */
import type { Result } from '../../../base/result.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** UTF-8, strict; an encoded surrogate (which Python's `surrogatepass` would let through) is refused too. */
export function decodeUtf8(bytes: Uint8Array): Result<string> {
  try {
    return { ok: true, value: utf8.decode(bytes) };
  } catch {
    return fail(hasEncodedSurrogate(bytes) ? 'a string holds an encoded surrogate (U+D800-U+DFFF), which vnet does not read' : 'a string is not valid UTF-8');
  }
}

function hasEncodedSurrogate(bytes: Uint8Array): boolean {
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 0xed && (bytes[i + 1] as number) >= 0xa0 && (bytes[i + 1] as number) <= 0xbf) return true;
  return false;
}

/** Bytes as a string of the same code units (latin-1): an exact, reversible view for names and lines. */
export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

// biome-ignore-start lint/complexity/useSimpleNumberKeys: byte codes in hex, as in an ASCII table
const SIMPLE_ESCAPES: Readonly<Record<number, number>> = {
  0x5c: 0x5c,
  0x27: 0x27,
  0x22: 0x22, // \\ \' \"
  0x62: 0x08,
  0x66: 0x0c,
  0x74: 0x09,
  0x6e: 0x0a,
  0x72: 0x0d,
  0x76: 0x0b,
  0x61: 0x07, // \b \f \t \n \r \v \a
};
// biome-ignore-end lint/complexity/useSimpleNumberKeys: the table ends

const isOctal = (c: number | undefined): c is number => c !== undefined && c >= 0x30 && c <= 0x37;

function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** `codecs.escape_decode`: Python's bytes-literal escapes; an unknown escape keeps its backslash. */
export function escapeDecode(s: Uint8Array): Result<Uint8Array> {
  const out = new Uint8Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; ) {
    const c = s[i++] as number;
    if (c !== 0x5c) {
      out[n++] = c;
      continue;
    }
    if (i >= s.length) return fail('Trailing \\ in string');
    const e = s[i++] as number;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) out[n++] = simple;
    else if (e === 0x0a)
      continue; // a backslash before a newline joins lines
    else if (isOctal(e)) {
      let v = e - 0x30;
      if (isOctal(s[i])) v = v * 8 + (s[i++] as number) - 0x30;
      if (isOctal(s[i])) v = v * 8 + (s[i++] as number) - 0x30;
      out[n++] = v & 0xff;
    } else if (e === 0x78) {
      const [hi, lo] = [hexValue(s[i]), hexValue(s[i + 1])];
      if (i + 1 >= s.length || hi < 0 || lo < 0) return fail(`invalid \\x escape at position ${i - 2}`);
      out[n++] = hi * 16 + lo;
      i += 2;
    } else {
      out[n++] = 0x5c;
      out[n++] = e;
    }
  }
  return { ok: true, value: out.subarray(0, n) };
}

/** The STRING opcode's argument (its line without the newline): quoted, escape-decoded, then UTF-8. */
export function decodeStringOpcode(line: Uint8Array): Result<string> {
  const q = line[0];
  if (line.length < 2 || q !== line[line.length - 1] || (q !== 0x27 && q !== 0x22)) return fail('the STRING opcode argument must be quoted');
  const bytes = escapeDecode(line.subarray(1, line.length - 1));
  return bytes.ok ? decodeUtf8(bytes.value) : bytes;
}

/** Python's `raw-unicode-escape` decoding: latin-1, except `\uXXXX` / `\UXXXXXXXX` after an odd run of backslashes. */
export function rawUnicodeEscape(s: Uint8Array): Result<string> {
  const parts: string[] = [];
  let from = 0;
  let i = 0;
  while (i < s.length) {
    if (s[i] !== 0x5c || i + 1 >= s.length) {
      i++;
      continue;
    }
    const kind = s[i + 1];
    if (kind !== 0x75 && kind !== 0x55) {
      i += 2; // a backslash and the byte after it stay as they are
      continue;
    }
    const digits = kind === 0x75 ? 4 : 8;
    let ch = 0;
    for (let k = 0; k < digits; k++) {
      const d = hexValue(s[i + 2 + k]);
      if (d < 0) return fail(`truncated \\${String.fromCharCode(kind)} escape at position ${i}`);
      ch = ch * 16 + d;
    }
    if (ch > 0x10ffff) return fail(`\\U escape out of range at position ${i}`);
    if (ch >= 0xd800 && ch <= 0xdfff) return fail('a string holds a surrogate escape (U+D800-U+DFFF), which vnet does not read');
    parts.push(latin1(s.subarray(from, i)), String.fromCodePoint(ch));
    i += 2 + digits;
    from = i;
  }
  parts.push(latin1(s.subarray(from)));
  return { ok: true, value: parts.join('') };
}

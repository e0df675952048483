/**
 * File bytes to a Source: strict UTF-8, a size limit, no NUL bytes (binary files), and a
 * leading byte-order mark dropped. Problems are diagnostics, located where possible; never throws.
 */
import { diagnose } from '../base/diagnostics/code.js';
import type { Diagnostic } from '../base/diagnostics/diagnostic.js';
import { FileTooLarge, NotUtf8 } from '../base/diagnostics/codes/io.js';
import { BinaryFile } from '../base/diagnostics/codes/syntax.js';
import { Source } from '../base/source.js';
import { firstInvalidUtf8 } from './utf8.js';

/** The largest `.vnet` file accepted: 16 MiB. */
export const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

export interface DecodeResult {
  readonly source?: Source;
  readonly diagnostics: Diagnostic[];
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

export function decodeSource(file: string, bytes: Uint8Array): DecodeResult {
  if (bytes.length > MAX_SOURCE_BYTES) {
    return { diagnostics: [diagnose(FileTooLarge, { path: file, bytes: bytes.length, limit: MAX_SOURCE_BYTES })] };
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(bom);
  let text: string;
  try {
    text = strict.decode(body);
  } catch {
    const bad = firstInvalidUtf8(body);
    return { diagnostics: [diagnose(NotUtf8, { path: file, offset: bad + bom }, pointAt(file, body, bad))] };
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const offset = new TextEncoder().encode(text.slice(0, nul)).length + bom;
    const source = new Source(file, text);
    return { diagnostics: [diagnose(BinaryFile, { path: file, offset }, source.span(nul, nul + 1))] };
  }
  return { source: new Source(file, text), diagnostics: [] };
}

/** A zero-width span just before the byte at `offset`, from the valid text before it. */
function pointAt(file: string, body: Uint8Array, offset: number) {
  const before = lenient.decode(body.subarray(0, offset));
  return new Source(file, before).span(before.length, before.length);
}

/** Where UTF-8 goes wrong: the byte offset of the first byte that starts no valid sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = sequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return -1;
}

function isContinuation(b: number | undefined): boolean {
  return b !== undefined && (b & 0xc0) === 0x80;
}

/** Length of the valid multi-byte sequence at `i`, or 0 (overlong, surrogate, too large, cut short). */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  const b1 = bytes[i + 1];
  if (b >= 0xc2 && b <= 0xdf) return isContinuation(b1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    if (!isContinuation(b1) || !isContinuation(bytes[i + 2])) return 0;
    if (b === 0xe0 && b1! < 0xa0) return 0; // overlong
    if (b === 0xed && b1! >= 0xa0) return 0; // UTF-16 surrogate
    return 3;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    if (!isContinuation(b1) || !isContinuation(bytes[i + 2]) || !isContinuation(bytes[i + 3])) return 0;
    if (b === 0xf0 && b1! < 0x90) return 0; // overlong
    if (b === 0xf4 && b1! >= 0x90) return 0; // above U+10FFFF
    return 4;
  }
  return 0;
}

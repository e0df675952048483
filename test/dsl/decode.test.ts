import { describe, expect, test } from 'vitest';
import { decodeSource, MAX_SOURCE_BYTES } from '../../dsl/decode.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeSource', () => {
  test('UTF-8 text becomes a Source', () => {
    const { source, diagnostics } = decodeSource('a.vnet', utf8('const NAME = "caf\u00e9 \u{1F600}"\n'));
    expect(diagnostics).toEqual([]);
    expect(source?.text).toBe('const NAME = "caf\u00e9 \u{1F600}"\n');
    expect(source?.file).toBe('a.vnet');
  });

  test('a UTF-8 byte-order mark is dropped', () => {
    expect(decodeSource('a.vnet', new Uint8Array([0xef, 0xbb, 0xbf, 0x23])).source?.text).toBe('#');
  });

  test('invalid UTF-8 is VN005 with the byte offset of the first bad byte', () => {
    const { source, diagnostics } = decodeSource('a.vnet', new Uint8Array([0x61, 0x0a, 0x62, 0xe2, 0x82]));
    expect(source).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.code).toBe('VN005');
    expect(diagnostics[0]!.message).toBe("'a.vnet' is not valid UTF-8 text (first bad byte at offset 3)");
    expect([diagnostics[0]!.span?.line, diagnostics[0]!.span?.column]).toEqual([2, 2]);
  });

  test('code points above U+10FFFF are refused', () => {
    expect(decodeSource('a.vnet', new Uint8Array([0xf4, 0x90, 0x80, 0x80])).diagnostics[0]?.code).toBe('VN005');
  });

  test('NUL bytes mark a binary file (VN110)', () => {
    const { source, diagnostics } = decodeSource('a.bin', new Uint8Array([0x41, 0x00, 0x42]));
    expect(source).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['VN110', "'a.bin' looks like a binary file (NUL byte at offset 1)"]]);
  });

  test('the size limit is 16 MiB: at the limit is fine, one byte more is VN006', () => {
    expect(MAX_SOURCE_BYTES).toBe(16 * 1024 * 1024);
    expect(decodeSource('a.vnet', new Uint8Array(MAX_SOURCE_BYTES).fill(0x20)).diagnostics).toEqual([]);
    const over = decodeSource('a.vnet', new Uint8Array(MAX_SOURCE_BYTES + 1));
    expect(over.diagnostics.map((d) => d.code)).toEqual(['VN006']);
  });

  test('never throws, whatever the bytes', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 256;
    for (let i = 0; i < 200; i++) {
      const bytes = Uint8Array.from({ length: 64 }, () => Math.floor(random()));
      expect(() => decodeSource('r.vnet', bytes)).not.toThrow();
    }
  });
});

/** The zip reader on hand-built archives: stored, deflated, and zip64 (sizes and offsets in extra fields). */
import { describe, expect, it } from 'vitest';
import { readZipDirectory, readZipEntry } from '../../compiler/weights/torch/zip.js';
import { buildZip } from './builders.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('zip reader', () => {
  for (const zip64 of [false, true]) {
    it(`reads stored and deflated entries${zip64 ? ' (zip64)' : ''}`, () => {
      const bytes = buildZip(
        [
          { name: 'archive/version', data: text('3\n') },
          { name: 'archive/data/0', data: text('x'.repeat(300)), deflate: true },
        ],
        zip64,
      );
      const dir = readZipDirectory(bytes);
      if (!dir.ok) throw new Error(dir.error);
      expect(dir.value.entries.map((e) => e.name)).toEqual(['archive/version', 'archive/data/0']);
      const version = readZipEntry(bytes, dir.value.find('archive/version')!);
      expect(version.ok && new TextDecoder().decode(version.value)).toBe('3\n');
      const data = readZipEntry(bytes, dir.value.find('archive/data/0')!);
      expect(data.ok && data.value.length).toBe(300);
    });
  }

  it('refuses a central directory that claims more entries than it can hold', () => {
    const bytes = buildZip([{ name: 'a', data: text('1') }]);
    new DataView(bytes.buffer).setUint16(bytes.length - 14, 5000, true);
    new DataView(bytes.buffer).setUint16(bytes.length - 12, 5000, true);
    expect(readZipDirectory(bytes)).toEqual({ ok: false, error: 'bad zip: 5000 entries do not fit a 47-byte central directory' });
  });

  it('refuses an entry whose bytes run past the end of the file', () => {
    const bytes = buildZip([{ name: 'a', data: text('12345678') }]);
    const dir = readZipDirectory(bytes);
    if (!dir.ok) throw new Error(dir.error);
    const entry = { ...dir.value.find('a')!, size: 1 << 30, compressedSize: 1 << 30 };
    expect(readZipEntry(bytes, entry)).toEqual({ ok: false, error: `truncated zip: entry 'a' needs 1073741824 bytes at 31, the file has ${bytes.length}` });
  });
});

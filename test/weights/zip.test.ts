/** The zip reader on hand-built archives: stored, deflated, and zip64 (sizes and offsets in extra fields). */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readZipDirectory, readZipEntry } from '../../compiler/weights/torch/zip.js';

interface Built {
  name: string;
  data: Uint8Array;
  deflate?: boolean;
}

/** A zip of `entries`; with `zip64`, the central directory gives sizes, offsets and counts in zip64 form. */
function buildZip(entries: Built[], zip64 = false): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const body = e.deflate ? new Uint8Array(deflateRawSync(e.data)) : e.data;
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(8, e.deflate ? 8 : 0, true);
    local.setUint32(18, body.length, true);
    local.setUint32(22, e.data.length, true);
    local.setUint16(26, name.length, true);
    parts.push(new Uint8Array(local.buffer), name, body);
    const extra = zip64 ? new DataView(new ArrayBuffer(28)) : undefined;
    if (extra) {
      extra.setUint16(0, 1, true);
      extra.setUint16(2, 24, true);
      extra.setBigUint64(4, BigInt(e.data.length), true);
      extra.setBigUint64(12, BigInt(body.length), true);
      extra.setBigUint64(20, BigInt(offset), true);
    }
    const c = new DataView(new ArrayBuffer(46));
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(10, e.deflate ? 8 : 0, true);
    c.setUint32(20, zip64 ? 0xffffffff : body.length, true);
    c.setUint32(24, zip64 ? 0xffffffff : e.data.length, true);
    c.setUint16(28, name.length, true);
    c.setUint16(30, extra ? 28 : 0, true);
    c.setUint32(42, zip64 ? 0xffffffff : offset, true);
    central.push(new Uint8Array(c.buffer), name, ...(extra ? [new Uint8Array(extra.buffer)] : []));
    offset += 30 + name.length + body.length;
  }
  const cdSize = central.reduce((n, p) => n + p.length, 0);
  const tail: Uint8Array[] = [];
  if (zip64) {
    const record = new DataView(new ArrayBuffer(56));
    record.setUint32(0, 0x06064b50, true);
    record.setBigUint64(32, BigInt(entries.length), true);
    record.setBigUint64(40, BigInt(cdSize), true);
    record.setBigUint64(48, BigInt(offset), true);
    const locator = new DataView(new ArrayBuffer(20));
    locator.setUint32(0, 0x07064b50, true);
    locator.setBigUint64(8, BigInt(offset + cdSize), true);
    tail.push(new Uint8Array(record.buffer), new Uint8Array(locator.buffer));
  }
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(10, zip64 ? 0xffff : entries.length, true);
  end.setUint32(12, zip64 ? 0xffffffff : cdSize, true);
  end.setUint32(16, zip64 ? 0xffffffff : offset, true);
  tail.push(new Uint8Array(end.buffer));
  const all = [...parts, ...central, ...tail];
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('zip reader', () => {
  for (const zip64 of [false, true]) {
    it(`reads stored and deflated entries${zip64 ? ' (zip64)' : ''}`, () => {
      const bytes = buildZip([{ name: 'archive/version', data: text('3\n') }, { name: 'archive/data/0', data: text('x'.repeat(300)), deflate: true }], zip64);
      const dir = readZipDirectory(bytes);
      if (!dir.ok) throw new Error(dir.error);
      expect([...dir.value.keys()]).toEqual(['archive/version', 'archive/data/0']);
      const version = readZipEntry(bytes, dir.value.get('archive/version')!);
      expect(version.ok && new TextDecoder().decode(version.value)).toBe('3\n');
      const data = readZipEntry(bytes, dir.value.get('archive/data/0')!);
      expect(data.ok && data.value.length).toBe(300);
    });
  }

  it('refuses a central directory that claims more entries than it can hold', () => {
    const bytes = buildZip([{ name: 'a', data: text('1') }]);
    new DataView(bytes.buffer).setUint16(bytes.length - 12, 5000, true);
    expect(readZipDirectory(bytes)).toEqual({ ok: false, error: 'bad zip: 5000 entries do not fit a 47-byte central directory' });
  });

  it('refuses an entry whose bytes run past the end of the file', () => {
    const bytes = buildZip([{ name: 'a', data: text('12345678') }]);
    const dir = readZipDirectory(bytes);
    if (!dir.ok) throw new Error(dir.error);
    const entry = { ...dir.value.get('a')!, size: 1 << 30, compressedSize: 1 << 30 };
    expect(readZipEntry(bytes, entry)).toEqual({ ok: false, error: `truncated zip: entry 'a' needs 1073741824 bytes at 31, the file has ${bytes.length}` });
  });
});

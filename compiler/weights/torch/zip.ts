/**
 * Reads the central directory of a zip archive (what torch.save writes since 1.6): entry names and
 * where each entry's bytes are. Entries are stored (torch never compresses) or deflated (an archive
 * re-zipped by a tool); zip64 sizes and offsets are read. Every offset and size is checked against
 * the file before use, and a deflated entry is inflated with its declared size as the limit.
 *
 * torch reads archives with miniz, which looks names up ignoring ASCII case and accepts entries whose
 * names repeat (and then reads one of them): so two names equal but for ASCII case are refused here,
 * and so is everything miniz refuses when it opens an archive (several disks, stored entries of two
 * sizes, entries past the end) or reads an entry (encryption, methods other than stored and deflate).
 */
import { inflateRawSync } from 'node:zlib';
import { shortName } from '../limits.js';
import { latin1 } from './py-text.js';
import type { Result } from '../../../base/result.js';

export interface ZipEntry {
  /** The name's bytes as latin-1 text (exact; zip names are bytes). */
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  /** A folder entry (a name ending in '/', or the DOS folder attribute): miniz extracts nothing for it. */
  readonly folder: boolean;
  readonly compressedSize: number;
  readonly size: number;
  /** Offset of the local file header. */
  readonly headerOffset: number;
}

export interface ZipDirectory {
  /** In central directory order. */
  readonly entries: readonly ZipEntry[];
  /** The entry named `name` (latin-1 text of the bytes), ASCII case ignored as miniz ignores it. */
  find(name: string): ZipEntry | undefined;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;
/** Encryption (bits 0 and 6) and compressed patch data (bit 5): miniz does not extract these. */
const UNSUPPORTED_FLAGS = 0x0061;
/** A masked (encrypted) central directory (bit 13): miniz does not open the archive. */
const MASKED = 0x2000;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** miniz's MZ_TOLOWER: ASCII letters only. */
export const asciiLower = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

interface EndRecord {
  count: number;
  onDisk: number;
  disk: number;
  directoryDisk: number;
  size: number;
  offset: number;
}

/** The central directory, checked as miniz's mz_zip_reader_read_central_dir checks it. */
export function readZipDirectory(bytes: Uint8Array): Result<ZipDirectory> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = endRecord(bytes, view);
  if (!end.ok) return end;
  const { count, onDisk, disk, directoryDisk, size, offset } = end.value;
  if (onDisk !== count || ((disk | directoryDisk) !== 0 && (disk !== 1 || directoryDisk !== 1))) return fail('bad zip: an archive over several disks');
  if (size < count * 46) return fail(`bad zip: ${count} entries do not fit a ${size}-byte central directory`);
  if (offset + size > bytes.length) return fail('bad zip: central directory out of range');
  const entries: ZipEntry[] = [];
  const byName = new Map<string, ZipEntry>();
  let zip64Fields = false;
  for (let i = 0, at = offset, left = size; i < count; i++) {
    if (left < 46 || view.getUint32(at, true) !== CENTRAL) return fail(`bad zip: central directory record ${i} is damaged`);
    const [compressed, full, local] = [view.getUint32(at + 20, true), view.getUint32(at + 24, true), view.getUint32(at + 42, true)];
    const [nameLength, extraLength, commentLength] = [view.getUint16(at + 28, true), view.getUint16(at + 30, true), view.getUint16(at + 32, true)];
    const recordLength = 46 + nameLength + extraLength + commentLength;
    if (recordLength > left) return fail(`bad zip: central directory record ${i} runs past the directory`);
    const name = latin1(bytes.subarray(at + 46, at + 46 + nameLength));
    const extra = { view, start: at + 46 + nameLength, length: extraLength };
    if (!zip64Fields && extraLength > 0 && Math.max(compressed, full, local) === MAX32) {
      const fields = extraFields(extra);
      if (fields === undefined) return fail(`bad zip: entry ${shortName(name)} has damaged extra fields`);
      zip64Fields = fields.includes(1);
    }
    const problem = recordProblem(view, at, { compressed, full, local }, disk, bytes.length);
    if (problem) return fail(`bad zip: entry ${shortName(name)} ${problem}`);
    if (name.includes('\0')) return fail(`bad zip: entry ${shortName(name)} has a NUL in its name`);
    const entry: ZipEntry = {
      name,
      method: view.getUint16(at + 10, true),
      flags: view.getUint16(at + 8, true),
      folder: name.endsWith('/') || (view.getUint32(at + 38, true) & 0x10) !== 0,
      ...widen({ size: full, compressedSize: compressed, headerOffset: local }, extra),
    };
    const lower = asciiLower(name);
    const same = byName.get(lower);
    if (same)
      return fail(
        `the archive names ${shortName(name)} twice${same.name !== name ? ` (as ${shortName(same.name)} too; torch ignores ASCII case)` : ''}, and torch would read only one of them`,
      );
    byName.set(lower, entry);
    entries.push(entry);
    at += recordLength;
    left -= recordLength;
  }
  return { ok: true, value: { entries, find: (name) => byName.get(asciiLower(name)) } };
}

/** The end of central directory record, or the zip64 one when a zip64 locator sits right before it (as miniz reads them). */
function endRecord(bytes: Uint8Array, view: DataView): Result<EndRecord> {
  const eocd = findEndRecord(bytes, view);
  if (eocd < 0) return fail('truncated zip: no end of central directory record');
  const plain: EndRecord = {
    disk: view.getUint16(eocd + 4, true),
    directoryDisk: view.getUint16(eocd + 6, true),
    onDisk: view.getUint16(eocd + 8, true),
    count: view.getUint16(eocd + 10, true),
    size: view.getUint32(eocd + 12, true),
    offset: view.getUint32(eocd + 16, true),
  };
  const locator = eocd - 20;
  if (eocd < 20 + 56 || view.getUint32(locator, true) !== ZIP64_LOCATOR) return { ok: true, value: plain };
  const record = view.getBigUint64(locator + 8, true);
  if (record > BigInt(bytes.length - 56)) return fail('bad zip: zip64 end record out of place');
  const at = Number(record);
  if (view.getUint32(at, true) !== ZIP64_EOCD) return { ok: true, value: plain };
  if (view.getBigUint64(at + 4, true) < 44n) return fail('bad zip: damaged zip64 end record');
  if (view.getUint32(locator + 16, true) !== 1) return fail('bad zip: an archive over several disks');
  const [onDisk, count, size, offset] = [24, 32, 40, 48].map((o) => view.getBigUint64(at + o, true)) as [bigint, bigint, bigint, bigint];
  if (count > BigInt(MAX32) || onDisk > BigInt(MAX32) || size > BigInt(MAX32) || offset > BigInt(Number.MAX_SAFE_INTEGER))
    return fail('bad zip: zip64 sizes past what torch reads');
  return {
    ok: true,
    value: {
      disk: view.getUint32(at + 16, true),
      directoryDisk: view.getUint32(at + 20, true),
      onDisk: Number(onDisk),
      count: Number(count),
      size: Number(size),
      offset: Number(offset),
    },
  };
}

/** What miniz refuses when it opens an archive, for one central directory record. */
function recordProblem(
  view: DataView,
  at: number,
  sizes: { compressed: number; full: number; local: number },
  disk: number,
  fileLength: number,
): string | undefined {
  const { compressed, full, local } = sizes;
  // miniz reads the method with the time after it as one 32-bit word: "stored" is method and time both 0.
  if (compressed !== MAX32 && full !== MAX32 && ((view.getUint32(at + 10, true) === 0 && full !== compressed) || (full !== 0 && compressed === 0))) {
    return 'declares sizes that disagree';
  }
  const diskStart = view.getUint16(at + 34, true);
  if (diskStart === 0xffff || (diskStart !== disk && diskStart !== 1)) return 'is on another disk';
  if (compressed !== MAX32 && local + 30 + compressed > fileLength) return `needs ${compressed} bytes at ${local}, the file has ${fileLength}`;
  if (view.getUint16(at + 8, true) & MASKED) return 'has a masked (encrypted) directory record';
  return undefined;
}

interface Extra {
  readonly view: DataView;
  readonly start: number;
  readonly length: number;
}

/** The ids of an extra-field block, or undefined when its lengths do not add up. */
function extraFields({ view, start, length }: Extra): number[] | undefined {
  const ids: number[] = [];
  for (let at = start, left = length; left > 0; ) {
    if (left < 4) return undefined;
    const n = view.getUint16(at + 2, true);
    if (n + 4 > left) return undefined;
    ids.push(view.getUint16(at, true));
    at += 4 + n;
    left -= 4 + n;
  }
  return ids;
}

interface Sizes {
  size: number;
  compressedSize: number;
  headerOffset: number;
}

/**
 * Replaces 0xffffffff fields with the values of the zip64 extra field (id 1), in its fixed order, as
 * miniz's file_stat does; without such a field (or with a short one) they stay 0xffffffff, which no
 * read survives.
 */
function widen(sizes: Sizes, extra: Extra): Sizes {
  if (Math.max(sizes.size, sizes.compressedSize, sizes.headerOffset) !== MAX32) return sizes;
  const { view, start, length } = extra;
  for (let at = start, left = length; left >= 4; ) {
    const n = view.getUint16(at + 2, true);
    if (n + 4 > left) break;
    if (view.getUint16(at, true) === 1) {
      const out = { ...sizes };
      let field = at + 4;
      for (const k of ['size', 'compressedSize', 'headerOffset'] as const) {
        if (out[k] !== MAX32) continue;
        if (field + 8 > at + 4 + n) break;
        const v = view.getBigUint64(field, true);
        out[k] = v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Number.MAX_SAFE_INTEGER;
        field += 8;
      }
      return out;
    }
    at += 4 + n;
    left -= 4 + n;
  }
  return sizes;
}

/**
 * An entry's bytes as the file holds them (compressed or not), after the checks miniz makes before
 * it extracts: not encrypted, a local header, a method it knows, the bytes inside the file.
 */
export function rawZipEntry(bytes: Uint8Array, entry: ZipEntry): Result<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = entry.headerOffset;
  if (entry.flags & UNSUPPORTED_FLAGS) return fail(`entry ${shortName(entry.name)} is encrypted or patch data`);
  if (entry.method !== 0 && entry.method !== 8)
    return fail(`entry ${shortName(entry.name)} uses zip compression method ${entry.method}; only stored and deflated entries are read`);
  if (entry.folder && entry.size > 0) return fail(`entry ${shortName(entry.name)} is marked as a folder: torch would read no data for it`);
  if (entry.compressedSize === 0) return { ok: true, value: bytes.subarray(0, 0) };
  if (h + 30 > bytes.length || view.getUint32(h, true) !== LOCAL) return fail(`bad zip: entry ${shortName(entry.name)} has no local header`);
  const start = h + 30 + view.getUint16(h + 26, true) + view.getUint16(h + 28, true);
  if (start + entry.compressedSize > bytes.length) {
    return fail(`truncated zip: entry ${shortName(entry.name)} needs ${entry.compressedSize} bytes at ${start}, the file has ${bytes.length}`);
  }
  return { ok: true, value: bytes.subarray(start, start + entry.compressedSize) };
}

/** The bytes of one entry (a view into the file when stored). */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry): Result<Uint8Array> {
  const found = rawZipEntry(bytes, entry);
  if (!found.ok || entry.method === 0 || entry.compressedSize === 0) return found;
  const raw = found.value;
  try {
    // One output chunk one byte larger than the entry: inflated once, never copied, and a stream
    // that runs longer than it declares stops at that byte.
    const out = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size), chunkSize: Math.max(64, entry.size + 1) });
    if (out.length !== entry.size) return fail(`bad zip: entry ${shortName(entry.name)} inflates to ${out.length} bytes, not ${entry.size}`);
    return { ok: true, value: new Uint8Array(out.buffer, out.byteOffset, out.byteLength) };
  } catch (error) {
    return fail(`bad zip: entry ${shortName(entry.name)} does not inflate (${(error as Error).message})`);
  }
}

function findEndRecord(bytes: Uint8Array, view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the end of the file.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) if (view.getUint32(at, true) === EOCD) return at;
  return -1;
}

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
import { latin1 } from './py-text.js';

export interface ZipEntry {
  /** The name's bytes as latin-1 text (exact; zip names are bytes). */
  readonly name: string;
  readonly method: number;
  readonly flags: number;
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

export type ZipRead<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Traditional or strong encryption (bits 0 and 6), and a masked central directory (bit 13). */
const ENCRYPTED = 0x0041;
const MASKED = 0x2000;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** miniz's MZ_TOLOWER: ASCII letters only. */
export const asciiLower = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

export function readZipDirectory(bytes: Uint8Array): ZipRead<ZipDirectory> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndRecord(bytes, view);
  if (eocd < 0) return fail('truncated zip: no end of central directory record');
  let disks = [view.getUint16(eocd + 4, true), view.getUint16(eocd + 6, true)];
  let onDisk = view.getUint16(eocd + 8, true);
  let count = view.getUint16(eocd + 10, true);
  let size = view.getUint32(eocd + 12, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) return fail('bad zip: zip64 sizes without a zip64 locator');
    const record = safeNumber(view.getBigUint64(locator + 8, true));
    if (record === undefined || record + 56 > bytes.length || view.getUint32(record, true) !== ZIP64_EOCD) return fail('bad zip: zip64 end record out of place');
    disks = [view.getUint32(record + 16, true), view.getUint32(record + 20, true)];
    onDisk = safeNumber(view.getBigUint64(record + 24, true)) ?? -1;
    count = safeNumber(view.getBigUint64(record + 32, true)) ?? -1;
    size = safeNumber(view.getBigUint64(record + 40, true)) ?? -1;
    offset = safeNumber(view.getBigUint64(record + 48, true)) ?? -1;
  }
  const [disk, directoryDisk] = disks as [number, number];
  if (onDisk !== count || ((disk | directoryDisk) !== 0 && (disk !== 1 || directoryDisk !== 1))) return fail('bad zip: an archive over several disks');
  if (count < 0 || size < 0 || offset < 0 || offset + size > bytes.length) return fail('bad zip: central directory out of range');
  // Each central directory record takes at least 46 bytes: a larger count cannot be true.
  if (count * 46 > size) return fail(`bad zip: ${count} entries do not fit a ${size}-byte central directory`);
  const entries: ZipEntry[] = [];
  const byName = new Map<string, ZipEntry>();
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > offset + size || view.getUint32(at, true) !== CENTRAL) return fail(`bad zip: central directory record ${i} is damaged`);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > offset + size) return fail(`bad zip: central directory record ${i} runs past the directory`);
    const name = latin1(bytes.subarray(at + 46, at + 46 + nameLength));
    const sizes = {
      size: view.getUint32(at + 24, true),
      compressedSize: view.getUint32(at + 20, true),
      headerOffset: view.getUint32(at + 42, true),
    };
    const widened = applyZip64(view, at + 46 + nameLength, extraLength, sizes);
    if (!widened) return fail(`bad zip: entry '${name}' has a damaged zip64 field`);
    const entry: ZipEntry = { name, method: view.getUint16(at + 10, true), flags: view.getUint16(at + 8, true), ...widened };
    const problem = entryProblem(entry, view.getUint16(at + 34, true), disk, bytes.length);
    if (problem) return fail(`bad zip: entry '${name}' ${problem}`);
    const lower = asciiLower(name);
    const same = byName.get(lower);
    if (same) return fail(`the archive names '${name}' twice${same.name !== name ? ` (as '${same.name}' too; torch ignores ASCII case)` : ''}, and torch would read only one of them`);
    byName.set(lower, entry);
    entries.push(entry);
    at = next;
  }
  return { ok: true, value: { entries, find: (name) => byName.get(asciiLower(name)) } };
}

/** What miniz refuses when it opens an archive, for one central directory record. */
function entryProblem(e: ZipEntry, diskStart: number, disk: number, fileLength: number): string | undefined {
  if (diskStart === 0xffff || (diskStart !== disk && diskStart !== 1)) return 'is on another disk';
  if (e.flags & MASKED) return 'has a masked (encrypted) directory record';
  if ((e.method === 0 && e.size !== e.compressedSize) || (e.size > 0 && e.compressedSize === 0)) return 'declares sizes that disagree';
  if (e.headerOffset + 30 + e.compressedSize > fileLength) return `needs ${e.compressedSize} bytes at ${e.headerOffset}, the file has ${fileLength}`;
  return undefined;
}

/** The bytes of one entry (a view into the file when stored). */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry): ZipRead<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = entry.headerOffset;
  if (entry.flags & ENCRYPTED) return fail(`entry '${entry.name}' is encrypted`);
  if (h + 30 > bytes.length || view.getUint32(h, true) !== LOCAL) return fail(`bad zip: entry '${entry.name}' has no local header`);
  const start = h + 30 + view.getUint16(h + 26, true) + view.getUint16(h + 28, true);
  if (start + entry.compressedSize > bytes.length) {
    return fail(`truncated zip: entry '${entry.name}' needs ${entry.compressedSize} bytes at ${start}, the file has ${bytes.length}`);
  }
  const raw = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return { ok: true, value: raw };
  if (entry.method !== 8) return fail(`entry '${entry.name}' uses zip compression method ${entry.method}; only stored and deflated entries are read`);
  try {
    const out = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
    if (out.length !== entry.size) return fail(`bad zip: entry '${entry.name}' inflates to ${out.length} bytes, not ${entry.size}`);
    return { ok: true, value: new Uint8Array(out.buffer, out.byteOffset, out.byteLength) };
  } catch (error) {
    return fail(`bad zip: entry '${entry.name}' does not inflate (${(error as Error).message})`);
  }
}

function findEndRecord(bytes: Uint8Array, view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the end of the file.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) if (view.getUint32(at, true) === EOCD) return at;
  return -1;
}

interface Sizes {
  size: number;
  compressedSize: number;
  headerOffset: number;
}

/** Replaces 0xffffffff fields with the values of the zip64 extra field (id 1), in its fixed order. */
function applyZip64(view: DataView, start: number, length: number, sizes: Sizes): Sizes | undefined {
  const needs = (['size', 'compressedSize', 'headerOffset'] as const).filter((k) => sizes[k] === 0xffffffff);
  if (needs.length === 0) return sizes;
  for (let at = start; at + 4 <= start + length; ) {
    const id = view.getUint16(at, true);
    const n = view.getUint16(at + 2, true);
    if (id === 1) {
      if (n < needs.length * 8 || at + 4 + n > start + length) return undefined;
      const out = { ...sizes };
      needs.forEach((k, i) => {
        out[k] = safeNumber(view.getBigUint64(at + 4 + i * 8, true)) ?? Number.MAX_SAFE_INTEGER;
      });
      return out;
    }
    at += 4 + n;
  }
  return undefined;
}

function safeNumber(n: bigint): number | undefined {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : undefined;
}

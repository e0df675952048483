/**
 * torch's zip format (torch.save since 1.6), read as torch.load reads it (torch/serialization.py
 * `_load`, caffe2's PyTorchStreamReader): the folder of the archive's first entry is the record
 * prefix, and every entry must sit in it; `version` (or `.data/version`) must hold a version torch
 * reads (1 to 10); `data.pkl` is the object; storage `key` is the entry `data/<key>`; a TorchScript
 * archive (`constants.pkl`) is not a checkpoint. Names are looked up ignoring ASCII case, as torch's
 * zip reader does, and repeated names are refused (zip.ts).
 *
 * Like torch, which loads every storage the pickle names, a storage entry that is missing or cannot
 * be opened fails the load even when no tensor that is read uses it (a deflate stream that is
 * damaged is found only when its storage is read).
 *
 * Inflation is bounded before anything is inflated: the deflated entries together may declare at
 * most INFLATE_RATIO times the file's size (plus INFLATE_SLACK_BYTES), and each storage is inflated
 * once however many tensors view it.
 */
import { INFLATE_RATIO, INFLATE_SLACK_BYTES, clip, shortName } from '../limits.js';
import type { TorchCheckpoint } from './checkpoint.js';
import { unpickle } from './pickle.js';
import { elementBytes, fail, storageId } from './storage-id.js';
import type { Storage } from './values.js';
import { rawZipEntry, readZipDirectory, readZipEntry, type ZipDirectory, type ZipEntry } from './zip.js';
import type { Result } from '../../../base/result.js';

/** The file format versions torch 1.13 reads (kMinSupportedFileFormatVersion..kMaxSupportedFileFormatVersion). */
const VERSIONS = { min: 1, max: 10 };

export function readZipCheckpoint(bytes: Uint8Array): Result<TorchCheckpoint> {
  const dir = readZipDirectory(bytes);
  if (!dir.ok) return dir;
  const archive = recordPrefix(dir.value);
  if (!archive.ok) return archive;
  const prefix = archive.value;
  const record = (name: string): ZipEntry | undefined => dir.value.find(`${prefix}${name}`);
  const version = checkVersion(bytes, record('.data/version') ?? record('version'));
  if (!version.ok) return version;
  if (dir.value.entries.some((e) => e.name === `${prefix}constants.pkl`)) {
    return fail('a TorchScript archive (constants.pkl): torch.load hands it to torch.jit.load; save the state dict with torch.save instead');
  }
  const inflation = checkInflation(dir.value, bytes.length);
  if (!inflation.ok) return inflation;
  const order = record('byteorder');
  if (order) {
    const text = readZipEntry(bytes, order);
    if (text.ok && new TextDecoder().decode(text.value) !== 'little') return fail('a big-endian checkpoint: only little-endian files are read');
  }
  const pklEntry = record('data.pkl');
  if (!pklEntry) return fail(`the archive has no ${shortName(`${prefix}data.pkl`)}: not a torch checkpoint`);
  const data = readZipEntry(bytes, pklEntry);
  if (!data.ok) return data;
  const storages = new Map<string, Storage>();
  const result = unpickle(data.value, 0, {
    persistentLoad(pid) {
      const id = storageId(pid, 5);
      if (!id.ok) return id;
      const { dtype, key, numel } = id.value;
      // torch keeps the first storage loaded under a key (serialization.py `loaded_storages`).
      const seen = storages.get(key);
      if (seen) return seen.dtype === dtype ? { ok: true, value: seen } : fail(`storage ${shortName(key)} is read as two dtypes`);
      // torch reads every storage the pickle names, used or not: one it cannot find or open fails the load.
      const entry = storageEntry(dir.value, prefix, key);
      if (!entry.ok) return entry;
      const raw = rawZipEntry(bytes, entry.value);
      if (!raw.ok) return raw;
      const storage: Storage = { kind: 'storage', key, dtype, numel, rootOffset: 0 };
      storages.set(key, storage);
      return { ok: true, value: storage };
    },
  });
  if (!result.ok) return fail(`${clip(pklEntry.name)}: ${result.error}`, result.limit === true);
  const inflated = new Map<string, Result<Uint8Array>>();
  return {
    ok: true,
    value: {
      format: 'torch-zip',
      root: result.value,
      storageBytes(storage) {
        let raw = inflated.get(storage.key);
        if (raw === undefined) {
          const entry = storageEntry(dir.value, prefix, storage.key);
          inflated.set(storage.key, (raw = entry.ok ? readZipEntry(bytes, entry.value) : entry));
        }
        if (!raw.ok) return raw;
        const need = storage.numel * elementBytes(storage.dtype);
        if (raw.value.length < need)
          return fail(`storage ${shortName(storage.key)} has ${raw.value.length} bytes, its ${storage.numel} ${storage.dtype} elements need ${need}`);
        return { ok: true, value: raw.value.subarray(0, need) };
      },
    },
  };
}

/** The folder of the first entry, which every entry must share (PyTorchStreamReader::init and getAllRecords). */
function recordPrefix(dir: ZipDirectory): Result<string> {
  const first = dir.entries[0];
  if (first === undefined) return fail('an empty zip archive: not a torch checkpoint');
  const slash = first.name.indexOf('/');
  if (slash < 0) return fail(`the archive's first entry ${shortName(first.name)} is not in a folder, as torch.save writes every entry`);
  const prefix = first.name.slice(0, slash + 1);
  const outside = dir.entries.find((e) => !e.name.startsWith(prefix));
  if (outside) return fail(`entry ${shortName(outside.name)} is outside the archive's folder ${shortName(prefix)}, which torch refuses`);
  return { ok: true, value: prefix };
}

/** The `version` record as torch parses it (`std::stoull`: blanks, a sign, digits, anything after). */
function checkVersion(bytes: Uint8Array, entry: ZipEntry | undefined): Result<number> {
  if (!entry) return fail('the archive has no version record, which torch requires');
  const text = readZipEntry(bytes, entry);
  if (!text.ok) return text;
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(new TextDecoder('latin1').decode(text.value.subarray(0, 64)));
  if (!m) return fail('the version record holds no number');
  const value = m[1] === '-' && BigInt(m[2] as string) !== 0n ? Infinity : Number(m[2]);
  if (value < VERSIONS.min || value > VERSIONS.max)
    return fail(`format version ${m[1] === '-' ? '-' : ''}${m[2]}: torch reads versions ${VERSIONS.min} to ${VERSIONS.max}`);
  return { ok: true, value };
}

function checkInflation(dir: ZipDirectory, fileBytes: number): Result<number> {
  const declared = dir.entries.reduce((n, e) => n + (e.method === 8 ? e.size : 0), 0);
  const limit = INFLATE_RATIO * fileBytes + INFLATE_SLACK_BYTES;
  if (declared > limit) {
    return fail(
      `its deflated entries would inflate to ${declared} bytes, more than ${INFLATE_RATIO} times the file's ${fileBytes} bytes plus ${INFLATE_SLACK_BYTES}`,
      true,
    );
  }
  return { ok: true, value: declared };
}

function storageEntry(dir: ZipDirectory, prefix: string, key: string): Result<ZipEntry> {
  // torch formats the key into a Python str and looks it up by its UTF-8 bytes; entry names are those bytes as latin-1.
  const entry = dir.find(`${prefix}data/${Buffer.from(key, 'utf8').toString('latin1')}`);
  return entry ? { ok: true, value: entry } : fail(`the archive has no entry ${shortName(`${prefix}data/${key}`)} for storage ${shortName(key)}`);
}

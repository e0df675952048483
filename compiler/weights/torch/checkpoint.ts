/**
 * Reads a PyTorch checkpoint (whatever torch.save wrote: .pth, .pt, .pth.tar, .pyth, .ckpt, .bin),
 * recognised by its content: torch's zip format (`<root>/data.pkl` with storages in
 * `<root>/data/<key>`) or the legacy format (a magic-number pickle, the protocol version, a system-info
 * pickle, the object pickle, the storage keys, then each storage as an int64 element count and its
 * bytes). The object is rebuilt by the restricted unpickler; storages stay views into the file.
 */
import { STORAGE_DTYPES } from './globals.js';
import { unpickle } from './pickle.js';
import type { PyValue, Storage } from './values.js';
import { isZip, readZipDirectory, readZipEntry } from './zip.js';
import { DTYPE_BYTES, type Read, type TensorDType } from '../tensor.js';

export type CheckpointFormat = 'torch-zip' | 'torch-legacy';

export interface TorchCheckpoint {
  readonly format: CheckpointFormat;
  /** The object torch.save was given. */
  readonly root: PyValue;
  /** The bytes of a storage (exactly `numel` elements), or why they cannot be had. */
  storageBytes(storage: Storage): Read<Uint8Array>;
}

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const LEGACY_PROTOCOL = 1001;

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

export function readTorchCheckpoint(bytes: Uint8Array): Read<TorchCheckpoint> {
  if (isZip(bytes)) return readZipCheckpoint(bytes);
  if (bytes.length > 262 && new TextDecoder('latin1').decode(bytes.subarray(257, 262)) === 'ustar') {
    return fail('a tar archive: the format of torch before 0.4 is not read; load and save it again with a newer torch');
  }
  return readLegacyCheckpoint(bytes);
}

function elementBytes(dtype: string): number {
  return DTYPE_BYTES[dtype as TensorDType] ?? 1;
}

/** ('storage', storage_type, key, location, numel[, view_metadata]): the fields both formats share. */
function storageId(pid: PyValue, fields: number): Read<{ dtype: string; key: string; numel: number; rest: readonly PyValue[] }> {
  if (typeof pid !== 'object' || pid === null || pid.kind !== 'tuple' || pid.items.length !== fields) return fail('bad persistent id');
  const [tag, type, key, , numel, ...rest] = pid.items;
  if (tag !== 'storage') return fail(`persistent id of kind '${String(tag)}' (only storages are read)`);
  if (typeof type !== 'object' || type === null || (type.kind !== 'global' && type.kind !== 'opaque')) return fail('bad storage type');
  const name = type.kind === 'global' ? type.name : type.global;
  const dtype = STORAGE_DTYPES[name];
  if (dtype === undefined) return fail(`unknown storage type '${name}'`);
  if (typeof key !== 'string') return fail('bad storage key');
  if (typeof numel !== 'number' || !Number.isSafeInteger(numel) || numel < 0) return fail(`bad element count for storage '${key}'`);
  return { ok: true, value: { dtype, key, numel, rest } };
}

function readZipCheckpoint(bytes: Uint8Array): Read<TorchCheckpoint> {
  const dir = readZipDirectory(bytes);
  if (!dir.ok) return dir;
  const pkl = [...dir.value.keys()].find((name) => name === 'data.pkl' || name.endsWith('/data.pkl'));
  if (pkl === undefined) return fail('a zip archive without data.pkl: not a torch checkpoint');
  const prefix = pkl.slice(0, pkl.length - 'data.pkl'.length);
  const order = dir.value.get(`${prefix}byteorder`);
  if (order) {
    const text = readZipEntry(bytes, order);
    if (text.ok && new TextDecoder().decode(text.value) !== 'little') return fail('a big-endian checkpoint: only little-endian files are read');
  }
  const pklEntry = dir.value.get(pkl);
  const data = pklEntry ? readZipEntry(bytes, pklEntry) : fail('no data.pkl');
  if (!data.ok) return data;
  const storages = new Map<string, Storage>();
  const result = unpickle(data.value, 0, {
    persistentLoad(pid) {
      const id = storageId(pid, 5);
      if (!id.ok) return id;
      const { dtype, key, numel } = id.value;
      const seen = storages.get(key);
      if (seen) return seen.dtype === dtype ? { ok: true, value: seen } : fail(`storage '${key}' is read as two dtypes`);
      const storage: Storage = { kind: 'storage', key, dtype, numel, rootOffset: 0 };
      storages.set(key, storage);
      return { ok: true, value: storage };
    },
  });
  if (!result.ok) return fail(`${pkl}: ${result.error}`);
  return {
    ok: true,
    value: {
      format: 'torch-zip',
      root: result.value,
      storageBytes(storage) {
        const name = `${prefix}data/${storage.key}`;
        const entry = dir.value.get(name);
        if (!entry) return fail(`the archive has no entry '${name}' for storage '${storage.key}'`);
        const raw = readZipEntry(bytes, entry);
        if (!raw.ok) return raw;
        const need = storage.numel * elementBytes(storage.dtype);
        if (raw.value.length < need) return fail(`storage '${storage.key}' has ${raw.value.length} bytes, its ${storage.numel} ${storage.dtype} elements need ${need}`);
        return { ok: true, value: raw.value.subarray(0, need) };
      },
    },
  };
}

function readLegacyCheckpoint(bytes: Uint8Array): Read<TorchCheckpoint> {
  const magic = unpickle(bytes, 0);
  if (!magic.ok || magic.value !== LEGACY_MAGIC) return fail('not a safetensors file nor a PyTorch checkpoint (no zip header, no legacy magic number)');
  const protocol = unpickle(bytes, magic.end);
  if (!protocol.ok) return fail(`legacy header: ${protocol.error}`);
  if (protocol.value !== LEGACY_PROTOCOL) return fail(`legacy protocol version ${String(protocol.value)} (only ${LEGACY_PROTOCOL} is read)`);
  const info = unpickle(bytes, protocol.end);
  if (!info.ok) return fail(`legacy system info: ${info.error}`);
  if (typeof info.value === 'object' && info.value !== null && info.value.kind === 'dict' && info.value.entries.get('s:little_endian')?.value === false) {
    return fail('a big-endian checkpoint: only little-endian files are read');
  }
  const roots = new Map<string, { dtype: string; numel: number }>();
  const main = unpickle(bytes, info.end, {
    persistentLoad(pid) {
      const id = storageId(pid, 6);
      if (!id.ok) return id;
      const { dtype, key, numel, rest } = id.value;
      const known = roots.get(key);
      if (known && (known.dtype !== dtype || known.numel !== numel)) return fail(`storage '${key}' is declared twice differently`);
      roots.set(key, { dtype, numel });
      const view = rest[0];
      if (view === null || view === undefined) return { ok: true, value: { kind: 'storage', key, dtype, numel, rootOffset: 0 } };
      if (typeof view !== 'object' || view.kind !== 'tuple' || view.items.length !== 3) return fail('bad storage view');
      const [, offset, size] = view.items;
      if (typeof offset !== 'number' || typeof size !== 'number' || offset < 0 || size < 0 || offset + size > numel) {
        return fail(`storage view out of range in '${key}'`);
      }
      return { ok: true, value: { kind: 'storage', key, dtype, numel: size, rootOffset: offset } };
    },
  });
  if (!main.ok) return fail(main.error);
  const keys = unpickle(bytes, main.end);
  if (!keys.ok) return fail(`storage key list: ${keys.error}`);
  const located = locateLegacyStorages(bytes, keys.value, keys.end, roots);
  if (!located.ok) return located;
  const places = located.value;
  return {
    ok: true,
    value: {
      format: 'torch-legacy',
      root: main.value,
      storageBytes(storage) {
        const at = places.get(storage.key);
        if (at === undefined) return fail(`storage '${storage.key}' is not in the file's storage list`);
        const width = elementBytes(storage.dtype);
        const start = at + storage.rootOffset * width;
        return { ok: true, value: bytes.subarray(start, start + storage.numel * width) };
      },
    },
  };
}

/** Walks the raw storages after the key list: each an int64 element count, then its bytes. */
function locateLegacyStorages(
  bytes: Uint8Array,
  keys: PyValue,
  start: number,
  roots: ReadonlyMap<string, { dtype: string; numel: number }>,
): Read<Map<string, number>> {
  if (typeof keys !== 'object' || keys === null || keys.kind !== 'list') return fail('storage key list: not a list');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const places = new Map<string, number>();
  let at = start;
  for (const key of keys.items) {
    if (typeof key !== 'string') return fail('storage key list: a key that is not a string');
    const root = roots.get(key);
    if (!root) return fail(`storage '${key}' is listed but no tensor declares it`);
    if (at + 8 > bytes.length) return fail(`truncated: storage '${key}' should start at byte ${at}, the file has ${bytes.length}`);
    const count = view.getBigInt64(at, true);
    if (count !== BigInt(root.numel)) return fail(`storage '${key}' holds ${count} elements, its tensors declare ${root.numel}`);
    const end = at + 8 + root.numel * elementBytes(root.dtype);
    if (end > bytes.length) return fail(`truncated: storage '${key}' needs bytes ${at + 8}..${end}, the file has ${bytes.length}`);
    places.set(key, at + 8);
    at = end;
  }
  return { ok: true, value: places };
}

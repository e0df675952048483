/**
 * torch's legacy format (torch.save before 1.6; the official TSM checkpoints), read as torch.load's
 * `_legacy_load` reads it: a magic-number pickle, the protocol version (1001), a system-info pickle,
 * the object pickle, the storage keys, then each listed storage as an int64 element count and its
 * bytes. Persistent ids are ('storage', type, root_key, location, numel, view): the first id naming a
 * key makes its storage, and a view (view_key, offset, size) is made once, the first time its key is
 * seen. A key used both as a root and as a view, or declared with two dtypes or sizes, is refused.
 */
import { shortName } from '../limits.js';
import type { TorchCheckpoint } from './checkpoint.js';
import { unpickle } from './pickle.js';
import { elementBytes, fail, storageId } from './storage-id.js';
import type { PyValue, Storage } from './values.js';
import type { Result } from '../../../base/result.js';

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const LEGACY_PROTOCOL = 1001;

interface Root {
  readonly dtype: string;
  readonly numel: number;
}

export function readLegacyCheckpoint(bytes: Uint8Array): Result<TorchCheckpoint> {
  const magic = unpickle(bytes, 0);
  if (!magic.ok || magic.value !== LEGACY_MAGIC) return fail('not a safetensors file nor a PyTorch checkpoint (no zip header, no legacy magic number)');
  const protocol = unpickle(bytes, magic.end);
  if (!protocol.ok) return fail(`legacy header: ${protocol.error}`, protocol.limit === true);
  if (protocol.value !== LEGACY_PROTOCOL) return fail(`legacy protocol version ${String(protocol.value)} (only ${LEGACY_PROTOCOL} is read)`);
  const info = unpickle(bytes, protocol.end);
  if (!info.ok) return fail(`legacy system info: ${info.error}`, info.limit === true);
  if (typeof info.value === 'object' && info.value !== null && info.value.kind === 'dict' && info.value.entries.get('little_endian')?.value === false) {
    return fail('a big-endian checkpoint: only little-endian files are read');
  }
  const roots = new Map<string, Root>();
  const views = new Map<string, Storage>();
  const main = unpickle(bytes, info.end, { persistentLoad: (pid) => persistentLoad(pid, roots, views) });
  if (!main.ok) return fail(main.error, main.limit === true);
  const keys = unpickle(bytes, main.end);
  if (!keys.ok) return fail(`storage key list: ${keys.error}`, keys.limit === true);
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
        if (at === undefined) return fail(`storage ${shortName(storage.key)} is not in the file's storage list`);
        const width = elementBytes(storage.dtype);
        const start = at + storage.rootOffset * width;
        return { ok: true, value: bytes.subarray(start, start + storage.numel * width) };
      },
    },
  };
}

function persistentLoad(pid: PyValue, roots: Map<string, Root>, views: Map<string, Storage>): Result<PyValue> {
  const id = storageId(pid, 6);
  if (!id.ok) return id;
  const { dtype, key, numel, rest } = id.value;
  if (views.has(key)) return fail(`storage key ${shortName(key)} names both a storage and a view`);
  const known = roots.get(key);
  if (known && (known.dtype !== dtype || known.numel !== numel)) return fail(`storage ${shortName(key)} is declared twice differently`);
  roots.set(key, { dtype, numel });
  const view = rest[0];
  if (view === null || view === undefined) return { ok: true, value: { kind: 'storage', key, dtype, numel, rootOffset: 0 } };
  if (typeof view !== 'object' || view.kind !== 'tuple' || view.items.length !== 3) return fail('bad storage view');
  const [viewKey, offset, size] = view.items;
  if (typeof viewKey !== 'string' || roots.has(viewKey)) return fail(`bad storage view key in ${shortName(key)}`);
  // torch makes a view once, under its key; later ids naming the key get that view, whatever they say.
  const seen = views.get(viewKey);
  if (seen)
    return seen.key === key && seen.dtype === dtype ? { ok: true, value: seen } : fail(`storage view ${shortName(viewKey)} is declared twice differently`);
  if (typeof offset !== 'number' || typeof size !== 'number' || offset < 0 || size < 0 || offset + size > numel) {
    return fail(`storage view out of range in ${shortName(key)}`);
  }
  const storage: Storage = { kind: 'storage', key, dtype, numel: size, rootOffset: offset };
  views.set(viewKey, storage);
  return { ok: true, value: storage };
}

/** Walks the raw storages after the key list: each an int64 element count, then its bytes (a key listed twice: the last copy). */
function locateLegacyStorages(bytes: Uint8Array, keys: PyValue, start: number, roots: ReadonlyMap<string, Root>): Result<Map<string, number>> {
  if (typeof keys !== 'object' || keys === null || keys.kind !== 'list') return fail('storage key list: not a list');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const places = new Map<string, number>();
  let at = start;
  for (const key of keys.items) {
    if (typeof key !== 'string') return fail('storage key list: a key that is not a string');
    const root = roots.get(key);
    if (!root) return fail(`storage ${shortName(key)} is listed but no tensor declares it`);
    if (at + 8 > bytes.length) return fail(`truncated: storage ${shortName(key)} should start at byte ${at}, the file has ${bytes.length}`);
    const count = view.getBigInt64(at, true);
    if (count !== BigInt(root.numel)) return fail(`storage ${shortName(key)} holds ${count} elements, its tensors declare ${root.numel}`);
    const end = at + 8 + root.numel * elementBytes(root.dtype);
    if (end > bytes.length) return fail(`truncated: storage ${shortName(key)} needs bytes ${at + 8}..${end}, the file has ${bytes.length}`);
    places.set(key, at + 8);
    at = end;
  }
  return { ok: true, value: places };
}

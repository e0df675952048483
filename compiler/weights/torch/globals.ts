/**
 * The allow-list of the restricted unpickler: the only globals whose calls are interpreted, each by
 * a small function of plain data (nothing is imported or executed). What `torch.save` writes for a
 * state dict needs only these: tensors and parameters rebuilt from storages, storage classes named
 * in persistent ids, and (Ordered)dicts. Every other global is `Opaque` (see values.ts).
 */
import { keyOf, type PyDict, type PyValue, type Storage, type TorchTensor } from './values.js';

/** torch's storage classes -> element type (safetensors spelling). */
const STORAGE_KINDS: Readonly<Record<string, string>> = {
  FloatStorage: 'F32',
  HalfStorage: 'F16',
  BFloat16Storage: 'BF16',
  DoubleStorage: 'F64',
  LongStorage: 'I64',
  IntStorage: 'I32',
  ShortStorage: 'I16',
  CharStorage: 'I8',
  ByteStorage: 'U8',
  BoolStorage: 'BOOL',
  UntypedStorage: 'U8',
};

/**
 * Storage classes as pickles name them: `torch.FloatStorage`, and `torch.cuda.FloatStorage` for
 * tensors saved from a GPU (the legacy format and torch before 1.12 name the device's class; the
 * bytes are the same, the location string says where they were).
 */
export const STORAGE_DTYPES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(STORAGE_KINDS).flatMap(([kind, dtype]) => [
    [`torch.${kind}`, dtype],
    [`torch.cuda.${kind}`, dtype],
  ]),
);

export type CallResult = { readonly ok: true; readonly value: PyValue } | { readonly ok: false; readonly error: string };

type Call = (args: readonly PyValue[]) => CallResult;

const ok = (value: PyValue): CallResult => ({ ok: true, value });
const fail = (error: string): CallResult => ({ ok: false, error });

const newDict = (): PyDict => ({ kind: 'dict', entries: new Map() });

/** torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]). */
function rebuildTensor(args: readonly PyValue[]): CallResult {
  const [storage, offset, size, stride] = args;
  if (!isStorage(storage)) return fail('_rebuild_tensor: the first argument is not a storage');
  if (!isCount(offset)) return fail('_rebuild_tensor: bad storage offset');
  const shape = counts(size);
  const strides = counts(stride);
  if (!shape || !strides || shape.length !== strides.length) return fail('_rebuild_tensor: bad size or stride');
  return ok(tensorIn(storage, Number(offset), shape, strides));
}

function tensorIn(storage: Storage, offset: number, shape: number[], stride: number[]): TorchTensor {
  return { kind: 'tensor', storage, offset, shape, stride };
}

/** torch._utils._rebuild_parameter(data, requires_grad, backward_hooks) and the _with_state variant: the tensor. */
function rebuildParameter(args: readonly PyValue[]): CallResult {
  const [data] = args;
  if (!isTensor(data)) return fail('_rebuild_parameter: the first argument is not a tensor');
  return ok(data);
}

/** collections.OrderedDict() or OrderedDict([(k, v), ...]). */
function orderedDict(args: readonly PyValue[]): CallResult {
  const dict = newDict();
  const [items] = args;
  if (items === undefined) return ok(dict);
  if (items === null || typeof items !== 'object' || (items.kind !== 'list' && items.kind !== 'tuple')) return fail('OrderedDict: bad items');
  for (const pair of items.items) {
    if (pair === null || typeof pair !== 'object' || pair.kind !== 'tuple' || pair.items.length !== 2) return fail('OrderedDict: bad item');
    setItem(dict, pair.items[0] as PyValue, pair.items[1] as PyValue);
  }
  return ok(dict);
}

export const ALLOWED_CALLS: Readonly<Record<string, Call>> = {
  'torch._utils._rebuild_tensor_v2': rebuildTensor,
  'torch._utils._rebuild_tensor': rebuildTensor,
  'torch._utils._rebuild_parameter': rebuildParameter,
  'torch._utils._rebuild_parameter_with_state': rebuildParameter,
  'collections.OrderedDict': orderedDict,
};

/** Globals that may appear (called or not): the calls above, and storage classes in persistent ids. */
export function isAllowedGlobal(name: string): boolean {
  return name in ALLOWED_CALLS || name in STORAGE_DTYPES;
}

export function setItem(dict: PyDict, key: PyValue, value: PyValue): void {
  dict.entries.set(keyOf(key), { key, value });
}

export function isStorage(v: PyValue | undefined): v is Storage {
  return typeof v === 'object' && v !== null && v.kind === 'storage';
}

export function isTensor(v: PyValue | undefined): v is TorchTensor {
  return typeof v === 'object' && v !== null && v.kind === 'tensor';
}

function isCount(v: PyValue | undefined): v is number | bigint {
  return (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) || (typeof v === 'bigint' && v >= 0n && v <= BigInt(Number.MAX_SAFE_INTEGER));
}

/** A tuple of non-negative integers (a size or stride), at most 16 of them. */
function counts(v: PyValue | undefined): number[] | undefined {
  if (typeof v !== 'object' || v === null || v.kind !== 'tuple' || v.items.length > 16) return undefined;
  const out: number[] = [];
  for (const item of v.items) {
    if (!isCount(item)) return undefined;
    out.push(Number(item));
  }
  return out;
}

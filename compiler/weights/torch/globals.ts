/**
 * The allow-list of the restricted unpickler: the only globals whose calls are interpreted, each by
 * a small function of plain data (nothing is imported or executed). What `torch.save` writes for a
 * state dict needs only these: tensors and parameters rebuilt from storages, storage classes named
 * in persistent ids, and (Ordered)dicts. Every other global is `Opaque` (see values.ts).
 */
import { FLOAT_DTYPES } from '../tensor.js';
import type { DictKeys } from './dict-keys.js';
import type { PyDict, PyValue, Storage, TorchTensor } from './values.js';
import type { Result } from '../../../base/result.js';

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

/** What a call may use besides its arguments: Python's dict keys, and a bound on the items it walks. */
export interface CallContext {
  readonly keys: DictKeys;
  /** Counts `n` items of work; false once the pickle has asked for more than its size allows. */
  spend(n: number): boolean;
}

type Call = (args: readonly PyValue[], ctx: CallContext) => Result<PyValue>;

const ok = (value: PyValue): Result<PyValue> => ({ ok: true, value });
const fail = (error: string): Result<PyValue> => ({ ok: false, error });

export const newDict = (ordered: boolean): PyDict => ({ kind: 'dict', entries: new Map(), ordered });

/**
 * torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks).
 * As torch's `set_` does, the view must lie inside its storage (an empty view anywhere); requires_grad
 * must be a bool, and True only for a float tensor. Torch 2 adds a seventh argument only for tensors
 * with metadata (negative or conjugate bits, which change the values): not read.
 */
function rebuildTensorV2(args: readonly PyValue[]): Result<PyValue> {
  if (args.length === 7) return fail('_rebuild_tensor_v2: a tensor saved with metadata (negative or conjugate bits) is not read');
  if (args.length !== 6) return fail(`_rebuild_tensor_v2 takes 6 arguments, got ${args.length}`);
  const tensor = rebuildTensor(args.slice(0, 4));
  if (!tensor.ok) return tensor;
  return checkRequiresGrad(args[4], tensor.value as TorchTensor, '_rebuild_tensor_v2');
}

/** torch._utils._rebuild_tensor(storage, storage_offset, size, stride). */
function rebuildTensor(args: readonly PyValue[]): Result<PyValue> {
  if (args.length !== 4) return fail(`_rebuild_tensor takes 4 arguments, got ${args.length}`);
  const [storage, offset, size, stride] = args;
  if (!isStorage(storage)) return fail('_rebuild_tensor: the first argument is not a storage');
  if (!isCount(offset)) return fail('_rebuild_tensor: bad storage offset');
  const shape = counts(size);
  const strides = counts(stride);
  if (!shape || !strides || shape.length !== strides.length) return fail('_rebuild_tensor: bad size or stride');
  const tensor = tensorIn(storage, Number(offset), shape, strides);
  const end = viewEnd(tensor);
  if (end === undefined || end > storage.numel) {
    return fail(
      `_rebuild_tensor: a view [${shape.join(', ')}] with strides [${strides.join(', ')}] at offset ${tensor.offset} does not fit storage '${storage.key}' of ${storage.numel} elements`,
    );
  }
  return ok(tensor);
}

/** One past the last element a view touches (0 for an empty view), or undefined past 2^53. */
function viewEnd(t: TorchTensor): number | undefined {
  if (t.shape.some((d) => d === 0)) return 0;
  const end = t.shape.reduce((sum, d, i) => sum + (d - 1) * (t.stride[i] as number), t.offset + 1);
  return Number.isSafeInteger(end) ? end : undefined;
}

function tensorIn(storage: Storage, offset: number, shape: number[], stride: number[]): TorchTensor {
  return { kind: 'tensor', storage, offset, shape, stride };
}

function checkRequiresGrad(flag: PyValue | undefined, tensor: TorchTensor, what: string): Result<PyValue> {
  if (typeof flag !== 'boolean') return fail(`${what}: requires_grad must be a bool`);
  if (flag && !FLOAT_DTYPES.has(tensor.storage.dtype)) return fail(`${what}: a ${tensor.storage.dtype} tensor cannot require gradients`);
  return ok(tensor);
}

/** torch._utils._rebuild_parameter(data, requires_grad, backward_hooks), and the _with_state variant (one more): the tensor. */
function rebuildParameter(arity: number): Call {
  return (args) => {
    if (args.length !== arity) return fail(`_rebuild_parameter takes ${arity} arguments, got ${args.length}`);
    const [data, requiresGrad] = args;
    if (!isTensor(data)) return fail('_rebuild_parameter: the first argument is not a tensor');
    return checkRequiresGrad(requiresGrad, data, '_rebuild_parameter');
  };
}

/** collections.OrderedDict() or OrderedDict([(k, v), ...]): later pairs replace earlier ones with equal keys. */
function orderedDict(args: readonly PyValue[], ctx: CallContext): Result<PyValue> {
  if (args.length > 1) return fail(`OrderedDict takes at most 1 argument, got ${args.length}`);
  const dict = newDict(true);
  const [items] = args;
  if (items === undefined) return ok(dict);
  if (items === null || typeof items !== 'object' || (items.kind !== 'list' && items.kind !== 'tuple')) return fail('OrderedDict: bad items');
  if (!ctx.spend(items.items.length))
    return { ok: false, error: 'the pickle rebuilds its dicts from shared lists more often than its size allows', limit: true };
  for (const pair of items.items) {
    if (pair === null || typeof pair !== 'object' || pair.kind !== 'tuple' || pair.items.length !== 2) return fail('OrderedDict: bad item');
    const set = ctx.keys.set(dict, pair.items[0] as PyValue, pair.items[1] as PyValue);
    if (!set.ok) return set;
  }
  return ok(dict);
}

export const ALLOWED_CALLS: Readonly<Record<string, Call>> = {
  'torch._utils._rebuild_tensor_v2': rebuildTensorV2,
  'torch._utils._rebuild_tensor': rebuildTensor,
  'torch._utils._rebuild_parameter': rebuildParameter(3),
  'torch._utils._rebuild_parameter_with_state': rebuildParameter(4),
  'collections.OrderedDict': orderedDict,
};

/** The allowed globals that are classes (NEWOBJ makes an empty instance of them). */
export const ALLOWED_TYPES: ReadonlySet<string> = new Set(['collections.OrderedDict']);

/** Globals that may appear (called or not): the calls above, and storage classes in persistent ids. */
export function isAllowedGlobal(name: string): boolean {
  return name in ALLOWED_CALLS || name in STORAGE_DTYPES;
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

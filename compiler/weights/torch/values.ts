/**
 * The values the restricted unpickler builds. Nothing in a pickle is ever executed: a global is a
 * name, and calling it (REDUCE, NEWOBJ) is interpreted only for the allow-listed globals in
 * `globals.ts`. Any other global becomes an `Opaque` value that remembers the name; it is harmless
 * data until something needs its value (a tensor in the chosen state dict), which then fails with
 * an error naming the global.
 */

export type PyValue = null | boolean | number | bigint | string | PyBytes | PyList | PyTuple | PyDict | PyGlobal | Opaque | Storage | TorchTensor;

export interface PyBytes {
  readonly kind: 'bytes';
  readonly bytes: Uint8Array;
  /** A bytearray (BYTEARRAY8): unhashable, as in Python. */
  readonly mutable?: boolean;
}

/** Lists, and sets and frozensets (kept as lists: vnet never reads their members). */
export interface PyList {
  readonly kind: 'list';
  readonly items: PyValue[];
  readonly set?: 'set' | 'frozenset';
}

export interface PyTuple {
  readonly kind: 'tuple';
  readonly items: readonly PyValue[];
}

/**
 * dict and OrderedDict in insertion order, keyed as Python compares keys (dict-keys.ts): a later
 * SETITEM with an equal key replaces the value and keeps the first key and its place.
 */
export interface PyDict {
  readonly kind: 'dict';
  readonly entries: Map<DictKey, { readonly key: PyValue; value: PyValue }>;
  /** collections.OrderedDict (BUILD may set its attributes; a plain dict has none). */
  readonly ordered: boolean;
  /** Keys set more than once, and how many times each was set. */
  repeated?: Map<DictKey, number>;
}

/** A key as Python compares it: a str is itself, a number its value, anything else a token (dict-keys.ts). */
export type DictKey = string | number | bigint | null | object;

/** An allow-listed global, not yet called. */
export interface PyGlobal {
  readonly kind: 'global';
  readonly name: string;
}

/** Anything built from a global outside the allow-list (a class, a function, its result). */
export interface Opaque {
  readonly kind: 'opaque';
  /** The refused global, `module.name`. */
  readonly global: string;
}

export interface Storage {
  readonly kind: 'storage';
  /** The key the file stores the bytes under (zip entry `data/<key>`, or the legacy key). */
  readonly key: string;
  readonly dtype: string;
  /** Elements the storage declares. */
  readonly numel: number;
  /** Legacy views of a larger storage: where this one starts in its root, in elements. */
  readonly rootOffset: number;
}

export interface TorchTensor {
  readonly kind: 'tensor';
  readonly storage: Storage;
  /** In elements of the storage. */
  readonly offset: number;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
}

/** A short description for messages: `a tensor`, `an opaque posix.system`, `a list`. */
export function describe(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return 'a bool';
  if (typeof value === 'number' || typeof value === 'bigint') return 'a number';
  if (typeof value === 'string') return 'a string';
  switch (value.kind) {
    case 'opaque':
      return `an object built by '${value.global}'`;
    case 'global':
      return `the global '${value.name}'`;
    default:
      return `a ${value.kind}`;
  }
}

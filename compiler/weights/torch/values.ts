/**
 * The values the restricted unpickler builds. Nothing in a pickle is ever executed: a global is a
 * name, and calling it (REDUCE, NEWOBJ) is interpreted only for the allow-listed globals in
 * `globals.ts`. Any other global becomes an `Opaque` value that remembers the name; it is harmless
 * data until something needs its value (a tensor in the chosen state dict), which then fails with
 * an error naming the global.
 */

export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | PyBytes
  | PyList
  | PyTuple
  | PyDict
  | PyGlobal
  | Opaque
  | Storage
  | TorchTensor;

export interface PyBytes {
  readonly kind: 'bytes';
  readonly bytes: Uint8Array;
}

/** Lists and sets (their order does not matter here). */
export interface PyList {
  readonly kind: 'list';
  readonly items: PyValue[];
}

export interface PyTuple {
  readonly kind: 'tuple';
  readonly items: readonly PyValue[];
}

/** dict and OrderedDict, in insertion order; keys compared by `keyOf`. */
export interface PyDict {
  readonly kind: 'dict';
  readonly entries: Map<string, { readonly key: PyValue; value: PyValue }>;
}

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

/** A dictionary key as a string that keeps types apart (`'a'` and `b'a'` and `1` differ). */
export function keyOf(key: PyValue, depth = 0): string {
  if (depth > 8) return 'o:deep';
  if (typeof key === 'string') return `s:${key}`;
  if (typeof key === 'number' || typeof key === 'bigint') return `i:${String(key)}`;
  if (key === null || typeof key === 'boolean') return `c:${String(key)}`;
  if (key.kind === 'bytes') return `b:${new TextDecoder('latin1').decode(key.bytes)}`;
  if (key.kind === 'tuple') return `t:${key.items.map((k) => keyOf(k, depth + 1)).join(',')}`;
  return `o:${key.kind}`;
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

/**
 * Python's dict-key equality for the values the unpickler builds, so a dict holds here exactly the
 * entries it holds in Python: `1`, `1.0` and `True` are one key; a str is equal whatever opcode wrote
 * it; bytes, tuples and globals compare by content; tensors, storages and objects built by other
 * globals by identity; lists, dicts, sets and bytearrays are unhashable (an error, as in Python).
 *
 * Linear by construction: a key is a JavaScript primitive (a str is its own key, so a key used
 * 20,000 times is hashed by V8 once) or a token object interned from a short text; a tuple's token is
 * made once per tuple object from its items' tokens, iteratively, so memo-shared nested tuples are
 * never expanded. Keys longer than MAX_NAME_CHARS are refused.
 */
import { MAX_NAME_CHARS, shortName } from '../limits.js';
import type { DictKey, PyDict, PyTuple, PyValue } from './values.js';
import type { Result } from '../../../base/result.js';

const fail = (error: string, limit = false): { ok: false; error: string; limit?: boolean } => (limit ? { ok: false, error, limit } : { ok: false, error });

export class DictKeys {
  private readonly tokens = new Map<string, object>();
  private readonly ofObject = new WeakMap<object, DictKey>();
  private readonly objectIds = new WeakMap<object, number>();
  private readonly stringIds = new Map<string, number>();
  private nextId = 0;

  /** Sets `dict[key] = value` as Python does; an error for a key Python cannot hash or vnet will not. */
  set(dict: PyDict, key: PyValue, value: PyValue): Result<DictKey> {
    const k = this.keyOf(key);
    if (!k.ok) return k;
    const entry = dict.entries.get(k.value);
    if (entry === undefined) {
      dict.entries.set(k.value, { key, value });
    } else {
      entry.value = value;
      dict.repeated ??= new Map();
      dict.repeated.set(k.value, (dict.repeated.get(k.value) ?? 1) + 1);
    }
    return k;
  }

  keyOf(value: PyValue): Result<DictKey> {
    if (value === null) return { ok: true, value: null };
    switch (typeof value) {
      case 'string':
        return value.length > MAX_NAME_CHARS
          ? fail(`a dict key of ${value.length} characters, ${shortName(value, 40)}; the limit is ${MAX_NAME_CHARS}`, true)
          : { ok: true, value };
      case 'boolean':
        return { ok: true, value: value ? 1 : 0 };
      case 'number':
        if (Number.isNaN(value)) return fail('a NaN dict key (Python keeps each NaN apart; vnet does not read such a dict)');
        return { ok: true, value: Number.isInteger(value) && !Number.isSafeInteger(value) ? BigInt(value) : value };
      case 'bigint':
        return { ok: true, value };
    }
    switch (value.kind) {
      case 'bytes': {
        if (value.mutable) return fail("unhashable type: 'bytearray'");
        if (value.bytes.length > MAX_NAME_CHARS) return fail(`a dict key of ${value.bytes.length} bytes; the limit is ${MAX_NAME_CHARS}`, true);
        return this.cachedToken(value, () => `b${Buffer.from(value.bytes.buffer, value.bytes.byteOffset, value.bytes.byteLength).toString('latin1')}`);
      }
      case 'tuple':
        return this.tupleKey(value);
      case 'global':
        return { ok: true, value: this.token(`g${value.name}`) };
      case 'list':
        return value.set === 'frozenset' ? fail('a frozenset dict key (vnet does not compare sets)') : fail(`unhashable type: '${value.set ?? 'list'}'`);
      case 'dict':
        return fail("unhashable type: 'dict'");
      default:
        return { ok: true, value }; // tensors, storages, opaque objects: by identity
    }
  }

  /** The token of a tuple, made from its items' keys; nested tuples first, with an explicit stack. */
  private tupleKey(root: PyTuple): Result<DictKey> {
    const stack: { tuple: PyTuple; next: number }[] = [{ tuple: root, next: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { tuple: PyTuple; next: number };
      if (this.ofObject.has(frame.tuple)) {
        stack.pop();
        continue;
      }
      const items = frame.tuple.items;
      while (frame.next < items.length && !isPendingTuple(items[frame.next] as PyValue, this.ofObject)) frame.next++;
      if (frame.next < items.length) {
        stack.push({ tuple: items[frame.next] as PyTuple, next: 0 });
        continue;
      }
      const parts: string[] = [];
      for (const item of frame.tuple.items) {
        const k = isTuple(item) ? { ok: true as const, value: this.ofObject.get(item) as DictKey } : this.keyOf(item);
        if (!k.ok) return k;
        parts.push(this.shortText(k.value));
      }
      this.ofObject.set(frame.tuple, this.token(`t${parts.join(',')}`));
      stack.pop();
    }
    return { ok: true, value: this.ofObject.get(root) as DictKey };
  }

  /** A few characters standing for a key inside a tuple's text. */
  private shortText(key: DictKey): string {
    if (key === null) return 'N';
    if (typeof key === 'string') return `s${this.idOf(this.stringIds, key)}`;
    if (typeof key === 'number' || typeof key === 'bigint') return `n${String(key)}`;
    let id = this.objectIds.get(key);
    if (id === undefined) this.objectIds.set(key, (id = this.nextId++));
    return `o${id}`;
  }

  private idOf(ids: Map<string, number>, key: string): number {
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = this.nextId++));
    return id;
  }

  private cachedToken(of: object, text: () => string): Result<DictKey> {
    let key = this.ofObject.get(of);
    if (key === undefined) this.ofObject.set(of, (key = this.token(text())));
    return { ok: true, value: key };
  }

  private token(text: string): object {
    let t = this.tokens.get(text);
    if (t === undefined) this.tokens.set(text, (t = Object.freeze({})));
    return t;
  }
}

function isTuple(v: PyValue): v is PyTuple {
  return typeof v === 'object' && v !== null && v.kind === 'tuple';
}

function isPendingTuple(v: PyValue, done: WeakMap<object, DictKey>): boolean {
  return isTuple(v) && !done.has(v);
}

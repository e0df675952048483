/**
 * A restricted unpickler: reads Python pickle streams (protocols 0-5) into plain data without ever
 * executing anything. Globals are names; calls of allow-listed globals (globals.ts) are interpreted,
 * every other call yields an `Opaque` value naming the global (values.ts).
 *
 * What it builds is what CPython's unpickler builds with torch.load's `encoding='utf-8'`: strings are
 * decoded as Python decodes each opcode (py-text.ts), text numbers as `_pickle.c` parses them
 * (py-numbers.ts), dict keys compare as Python compares them (dict-keys.ts), and the operations Python
 * refuses (appending to a dict, BUILD on a plain dict, NEWOBJ of a function, an unhashable key) are
 * refused here too; BUILD on a tensor, which would re-point it at other data, is refused.
 *
 * Bounded by construction: every opcode consumes at least one byte, so the loop runs at most once per
 * byte of the stream; every length is checked against the bytes that remain (and strings against
 * MAX_STRING_BYTES) before anything is allocated; the only walk over shared data (OrderedDict of a
 * memoized list) is counted against the stream's length. Nothing here recurses.
 */
import { MAX_NAME_CHARS, MAX_STRING_BYTES, shortName } from '../limits.js';
import { DictKeys } from './dict-keys.js';
import { ALLOWED_CALLS, ALLOWED_TYPES, isAllowedGlobal, newDict, type CallContext } from './globals.js';
import { floatOpcode, intOpcode, longOpcode, memoIndex } from './py-numbers.js';
import { decodeStringOpcode, decodeUtf8, latin1, rawUnicodeEscape } from './py-text.js';
import type { Opaque, PyList, PyValue } from './values.js';
import type { Result } from '../../../base/result.js';

export type Unpickled =
  | { readonly ok: true; readonly value: PyValue; readonly end: number }
  | { readonly ok: false; readonly error: string; readonly limit?: boolean };

export interface UnpickleOptions {
  /** Resolves a persistent id (torch's storages); absent: persistent ids are an error. */
  readonly persistentLoad?: (pid: PyValue) => { ok: true; value: PyValue } | { ok: false; error: string };
  /** Largest string payload (default MAX_STRING_BYTES); tests make it small. */
  readonly maxStringBytes?: number;
}

/** Python ints wider than this many bytes are refused (nothing torch writes comes close). */
const MAX_LONG_BYTES = 64;

class PickleError extends Error {
  constructor(
    message: string,
    readonly limit = false,
  ) {
    super(message);
  }
}

export function unpickle(bytes: Uint8Array, start: number, options: UnpickleOptions = {}): Unpickled {
  try {
    return new Machine(bytes, start, options).run();
  } catch (error) {
    if (error instanceof PickleError) return error.limit ? { ok: false, error: error.message, limit: true } : { ok: false, error: error.message };
    throw error;
  }
}

class Machine implements CallContext {
  private pos: number;
  private stack: PyValue[] = [];
  private marks: number[] = [];
  private readonly memo = new Map<number, PyValue>();
  private readonly view: DataView;
  readonly keys = new DictKeys();
  private work: number;
  private readonly maxString: number;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly options: UnpickleOptions,
  ) {
    this.pos = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.work = 2 * (bytes.length - start) + 1024;
    this.maxString = options.maxStringBytes ?? MAX_STRING_BYTES;
  }

  spend(n: number): boolean {
    this.work -= n;
    return this.work >= 0;
  }

  run(): Unpickled {
    for (;;) {
      const at = this.pos;
      if (at >= this.bytes.length) throw new PickleError(`truncated pickle: no STOP opcode before byte ${at}`);
      const op = this.bytes[at] as number;
      this.pos++;
      if (op === 0x2e) {
        // STOP
        return { ok: true, value: this.pop(at), end: this.pos };
      }
      this.step(op, at);
    }
  }

  private fail(at: number, what: string): never {
    throw new PickleError(`bad pickle at byte ${at}: ${what}`);
  }

  private take(n: number, at: number): Uint8Array {
    if (n < 0 || this.pos + n > this.bytes.length)
      throw new PickleError(`truncated pickle: opcode at byte ${at} needs ${n} bytes, ${this.bytes.length - this.pos} remain`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  private u8(at: number): number {
    return this.take(1, at)[0] as number;
  }

  private u16(at: number): number {
    this.take(2, at);
    return this.view.getUint16(this.pos - 2, true);
  }

  private u32(at: number): number {
    this.take(4, at);
    return this.view.getUint32(this.pos - 4, true);
  }

  private u64(at: number): number {
    this.take(8, at);
    const n = this.view.getBigUint64(this.pos - 8, true);
    if (n > BigInt(this.bytes.length - this.pos))
      throw new PickleError(`truncated pickle: opcode at byte ${at} declares ${n} bytes, ${this.bytes.length - this.pos} remain`);
    return Number(n);
  }

  /** A line's bytes up to and including its newline, as Python's readline gives them. */
  private line(at: number): Uint8Array {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) throw new PickleError(`truncated pickle: opcode at byte ${at} has no end of line`);
    return this.take(end + 1 - this.pos, at);
  }

  /** A line without its newline, for the opcodes that carry text; as long as a string may be. */
  private textLine(at: number): Uint8Array {
    const line = this.line(at);
    this.checkStringLength(line.length - 1, at);
    return line.subarray(0, line.length - 1);
  }

  private checkStringLength(n: number, at: number): void {
    if (n > this.maxString) throw new PickleError(`the pickle's string at byte ${at} is ${n} bytes; the limit is ${this.maxString}`, true);
  }

  /** A length-prefixed string payload, decoded. */
  private payload(n: number, at: number, decode: (b: Uint8Array) => Result<string>): string {
    if (n > this.bytes.length - this.pos) this.take(n, at); // says truncated
    this.checkStringLength(n, at);
    return this.text(decode(this.take(n, at)), at);
  }

  private text(read: Result<string>, at: number): string {
    if (!read.ok) this.fail(at, read.error);
    return read.value;
  }

  private number<T>(read: Result<T>, at: number): T {
    if (!read.ok) this.fail(at, read.error);
    return read.value;
  }

  private push(v: PyValue): void {
    this.stack.push(v);
  }

  private floor(): number {
    return this.marks.length > 0 ? (this.marks[this.marks.length - 1] as number) : 0;
  }

  private pop(at: number): PyValue {
    if (this.stack.length <= this.floor()) this.fail(at, 'stack underflow');
    return this.stack.pop() as PyValue;
  }

  private top(at: number): PyValue {
    if (this.stack.length <= this.floor()) this.fail(at, 'stack underflow');
    return this.stack[this.stack.length - 1] as PyValue;
  }

  private popMark(at: number): PyValue[] {
    const mark = this.marks.pop();
    if (mark === undefined) this.fail(at, 'no MARK');
    return this.stack.splice(mark);
  }

  private get(index: number, at: number): PyValue {
    if (!this.memo.has(index)) this.fail(at, `memo entry ${index} was never stored`);
    return this.memo.get(index) as PyValue;
  }

  private put(index: number, at: number): void {
    this.memo.set(index, this.top(at));
  }

  private step(op: number, at: number): void {
    switch (op) {
      case 0x80: {
        // PROTO
        const protocol = this.u8(at);
        if (protocol > 5) this.fail(at, `unsupported pickle protocol ${protocol}`);
        return;
      }
      case 0x95:
        this.u64(at);
        return; // FRAME: a length hint, which must fit in what remains
      case 0x28:
        this.marks.push(this.stack.length);
        return; // MARK
      case 0x30: // POP: the top object, or a MARK right above it (as _pickle.c does)
        if (this.marks.length > 0 && this.floor() === this.stack.length) this.marks.pop();
        else this.pop(at);
        return;
      case 0x31:
        this.popMark(at);
        return; // POP_MARK
      case 0x32:
        this.push(this.top(at));
        return; // DUP
      case 0x4e:
        this.push(null);
        return; // NONE
      case 0x88:
        this.push(true);
        return; // NEWTRUE
      case 0x89:
        this.push(false);
        return; // NEWFALSE
      case 0x4b:
        this.push(this.u8(at));
        return; // BININT1
      case 0x4d:
        this.push(this.u16(at));
        return; // BININT2
      case 0x4a:
        this.take(4, at);
        this.push(this.view.getInt32(this.pos - 4, true));
        return; // BININT
      case 0x8a:
        this.push(this.long(this.u8(at), at));
        return; // LONG1
      case 0x8b:
        this.push(this.long(this.u32(at), at));
        return; // LONG4
      case 0x47:
        this.take(8, at);
        this.push(this.view.getFloat64(this.pos - 8, false));
        return; // BINFLOAT (big-endian)
      case 0x49:
        this.push(this.number(intOpcode(this.line(at)), at));
        return; // INT
      case 0x4c:
        this.push(this.number(longOpcode(this.line(at)), at));
        return; // LONG
      case 0x46:
        this.push(this.number(floatOpcode(this.line(at)), at));
        return; // FLOAT
      case 0x58:
        this.push(this.payload(this.u32(at), at, decodeUtf8));
        return; // BINUNICODE
      case 0x8c:
        this.push(this.payload(this.u8(at), at, decodeUtf8));
        return; // SHORT_BINUNICODE
      case 0x8d:
        this.push(this.payload(this.u64(at), at, decodeUtf8));
        return; // BINUNICODE8
      case 0x56:
        this.push(this.text(rawUnicodeEscape(this.textLine(at)), at));
        return; // UNICODE
      case 0x53:
        this.push(this.text(decodeStringOpcode(this.textLine(at)), at));
        return; // STRING
      case 0x55:
        this.push(this.payload(this.u8(at), at, decodeUtf8));
        return; // SHORT_BINSTRING (a Python 2 str)
      case 0x54: {
        // BINSTRING
        this.take(4, at);
        const n = this.view.getInt32(this.pos - 4, true);
        if (n < 0) this.fail(at, 'BINSTRING pickle has negative byte count');
        this.push(this.payload(n, at, decodeUtf8));
        return;
      }
      case 0x42:
        this.push({ kind: 'bytes', bytes: this.take(this.u32(at), at) });
        return; // BINBYTES
      case 0x43:
        this.push({ kind: 'bytes', bytes: this.take(this.u8(at), at) });
        return; // SHORT_BINBYTES
      case 0x8e:
        this.push({ kind: 'bytes', bytes: this.take(this.u64(at), at) });
        return; // BINBYTES8
      case 0x96:
        this.push({ kind: 'bytes', bytes: this.take(this.u64(at), at), mutable: true });
        return; // BYTEARRAY8
      case 0x29:
        this.push({ kind: 'tuple', items: [] });
        return; // EMPTY_TUPLE
      case 0x74:
        this.push({ kind: 'tuple', items: this.popMark(at) });
        return; // TUPLE
      case 0x85:
        this.tupleOf(1, at);
        return; // TUPLE1
      case 0x86:
        this.tupleOf(2, at);
        return; // TUPLE2
      case 0x87:
        this.tupleOf(3, at);
        return; // TUPLE3
      case 0x5d:
        this.push({ kind: 'list', items: [] });
        return; // EMPTY_LIST
      case 0x6c:
        this.push({ kind: 'list', items: this.popMark(at) });
        return; // LIST
      case 0x8f:
        this.push({ kind: 'list', items: [], set: 'set' });
        return; // EMPTY_SET
      case 0x91:
        this.push(this.hashable({ kind: 'list', items: this.popMark(at), set: 'frozenset' }, at));
        return; // FROZENSET
      case 0x61: {
        // APPEND
        const item = this.pop(at);
        this.appendTo(this.top(at), [item], 'append', at);
        return;
      }
      case 0x65: {
        // APPENDS
        const items = this.popMark(at);
        this.appendTo(this.top(at), items, 'append', at);
        return;
      }
      case 0x90: {
        // ADDITEMS
        const items = this.popMark(at);
        this.appendTo(this.top(at), items, 'add', at);
        return;
      }
      case 0x7d:
        this.push(newDict(false));
        return; // EMPTY_DICT
      case 0x64: {
        // DICT
        const dict = newDict(false);
        this.setItems(dict, this.popMark(at), at);
        this.push(dict);
        return;
      }
      case 0x73: {
        // SETITEM
        const value = this.pop(at);
        const key = this.pop(at);
        this.setItems(this.top(at), [key, value], at);
        return;
      }
      case 0x75: {
        // SETITEMS
        const items = this.popMark(at);
        this.setItems(this.top(at), items, at);
        return;
      }
      case 0x68:
        this.push(this.get(this.u8(at), at));
        return; // BINGET
      case 0x6a:
        this.push(this.get(this.u32(at), at));
        return; // LONG_BINGET
      case 0x67:
        this.push(this.get(this.number(memoIndex(this.line(at)), at), at));
        return; // GET
      case 0x71:
        this.put(this.u8(at), at);
        return; // BINPUT
      case 0x72:
        this.put(this.u32(at), at);
        return; // LONG_BINPUT
      case 0x70:
        this.put(this.number(memoIndex(this.line(at)), at), at);
        return; // PUT
      case 0x94:
        this.put(this.memo.size, at);
        return; // MEMOIZE
      case 0x63: {
        // GLOBAL: module and name lines, UTF-8
        const module = this.text(decodeUtf8(this.textLine(at)), at);
        this.push(this.global(`${module}.${this.text(decodeUtf8(this.textLine(at)), at)}`));
        return;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = this.pop(at);
        const module = this.pop(at);
        if (typeof module !== 'string' || typeof name !== 'string') this.fail(at, 'STACK_GLOBAL needs two strings');
        this.push(this.global(`${module}.${name}`));
        return;
      }
      case 0x52: {
        // REDUCE
        const args = this.pop(at);
        const callable = this.pop(at);
        this.push(this.call(callable, args, at));
        return;
      }
      case 0x81: {
        // NEWOBJ: cls.__new__(cls, *args)
        const args = this.pop(at);
        const cls = this.pop(at);
        this.push(this.newObject(cls, args, at));
        return;
      }
      case 0x92: {
        // NEWOBJ_EX
        this.pop(at);
        const args = this.pop(at);
        const cls = this.pop(at);
        this.push(this.newObject(cls, args, at));
        return;
      }
      case 0x69: {
        // INST: module, name on lines (ASCII), args after MARK
        const module = this.ascii(this.textLine(at), at);
        const cls = this.global(`${module}.${this.ascii(this.textLine(at), at)}`);
        this.push(this.instantiate(cls, this.popMark(at), at));
        return;
      }
      case 0x6f: {
        // OBJ: class and args after MARK
        const [cls, ...args] = this.popMark(at);
        if (cls === undefined) this.fail(at, 'OBJ without a class');
        this.push(this.instantiate(cls, args, at));
        return;
      }
      case 0x62: {
        // BUILD
        const state = this.pop(at);
        this.build(this.top(at), state, at);
        return;
      }
      case 0x51:
        this.push(this.persistent(this.pop(at), at));
        return; // BINPERSID
      case 0x50:
        this.push(this.persistent(this.ascii(this.textLine(at), at), at));
        return; // PERSID
      default:
        this.fail(at, `unsupported opcode 0x${op.toString(16).padStart(2, '0')}`);
    }
  }

  private ascii(bytes: Uint8Array, at: number): string {
    if (bytes.some((b) => b > 0x7f)) this.fail(at, 'a name that is not ASCII');
    return latin1(bytes);
  }

  private tupleOf(n: number, at: number): void {
    const items: PyValue[] = [];
    for (let i = 0; i < n; i++) items.unshift(this.pop(at));
    this.push({ kind: 'tuple', items });
  }

  private hashable(set: PyList, at: number): PyList {
    for (const item of set.items) this.key(item, at);
    return set;
  }

  private key(value: PyValue, at: number): void {
    const k = this.keys.keyOf(value);
    if (!k.ok) throw new PickleError(`bad pickle at byte ${at}: ${k.error}`, k.limit === true);
  }

  /** APPEND(S) to a list, ADDITEMS to a set; an opaque object stays opaque; anything else fails as in Python. */
  private appendTo(target: PyValue, items: PyValue[], how: 'append' | 'add', at: number): void {
    if (typeof target === 'object' && target !== null && target.kind === 'opaque') return;
    const isList = typeof target === 'object' && target !== null && target.kind === 'list';
    if (!isList || (how === 'append' ? target.set !== undefined : target.set !== 'set')) this.fail(at, `cannot ${how} to ${describeKind(target)}`);
    if (how === 'add') for (const item of items) this.key(item, at);
    for (const item of items) target.items.push(item);
  }

  /** SETITEM(S) on a dict (Python's key equality); an opaque mapping stays opaque; anything else fails. */
  private setItems(target: PyValue, items: PyValue[], at: number): void {
    if (items.length % 2 !== 0) this.fail(at, 'odd number of items for a dict');
    if (typeof target === 'object' && target !== null && target.kind === 'opaque') return;
    if (typeof target !== 'object' || target === null || target.kind !== 'dict') this.fail(at, `cannot set items of ${describeKind(target)}`);
    for (let i = 0; i < items.length; i += 2) {
      const set = this.keys.set(target, items[i] as PyValue, items[i + 1] as PyValue);
      if (!set.ok) throw new PickleError(`bad pickle at byte ${at}: ${set.error}`, set.limit === true);
    }
  }

  /**
   * BUILD: an OrderedDict's state sets attributes (torch's `_metadata`), never items; an opaque object
   * takes any state. Python fails on a plain dict, list or value given a state; a tensor's state
   * (`set_` to other data) is refused rather than interpreted.
   */
  private build(target: PyValue, state: PyValue, at: number): void {
    if (typeof target === 'object' && target !== null && (target.kind === 'opaque' || (target.kind === 'dict' && target.ordered))) return;
    if (typeof target === 'object' && target !== null && (target.kind === 'tensor' || target.kind === 'storage'))
      this.fail(at, `BUILD on ${describeKind(target)} (its state would replace its data)`);
    const empty =
      state === null ||
      (typeof state === 'object' && state.kind === 'tuple' && state.items.length === 2 && state.items[0] === null && isEmptyDictOrNone(state.items[1]));
    if (!empty) this.fail(at, `BUILD on ${describeKind(target)}`);
  }

  private global(name: string): PyValue {
    if (name.length > MAX_NAME_CHARS)
      throw new PickleError(`a global named with ${name.length} characters, ${shortName(name, 40)}; the limit is ${MAX_NAME_CHARS}`, true);
    return isAllowedGlobal(name) ? { kind: 'global', name } : ({ kind: 'opaque', global: name } satisfies Opaque);
  }

  /** Interprets a call of an allow-listed global; anything else stays an opaque value and nothing runs. */
  private call(callable: PyValue, args: PyValue, at: number): PyValue {
    if (typeof callable !== 'object' || callable === null) this.fail(at, 'call of a value that is not a global');
    if (typeof args !== 'object' || args === null || args.kind !== 'tuple') this.fail(at, 'the arguments of a call are not a tuple');
    if (callable.kind === 'opaque') return { kind: 'opaque', global: callable.global } satisfies Opaque;
    if (callable.kind !== 'global') this.fail(at, `call of ${callable.kind}`);
    const handler = ALLOWED_CALLS[callable.name];
    if (!handler) this.fail(at, `'${callable.name}' cannot be called`);
    const result = handler(args.items, this);
    if (!result.ok) throw new PickleError(`bad pickle at byte ${at}: ${result.error}`, result.limit === true);
    return result.value;
  }

  /** NEWOBJ: `cls.__new__(cls, *args)`: an empty OrderedDict (its items come by SETITEMS), an opaque object, else a failure. */
  private newObject(cls: PyValue, args: PyValue, at: number): PyValue {
    if (typeof args !== 'object' || args === null || args.kind !== 'tuple') this.fail(at, 'NEWOBJ arguments are not a tuple');
    if (typeof cls === 'object' && cls !== null && cls.kind === 'opaque') return { kind: 'opaque', global: cls.global } satisfies Opaque;
    if (typeof cls === 'object' && cls !== null && cls.kind === 'global' && ALLOWED_TYPES.has(cls.name)) return newDict(true);
    this.fail(at, "NEWOBJ class argument isn't a type object");
  }

  /** INST and OBJ: a class with no arguments is only created (`__new__`); anything else is called. */
  private instantiate(cls: PyValue, args: PyValue[], at: number): PyValue {
    const tuple: PyValue = { kind: 'tuple', items: args };
    if (args.length === 0 && typeof cls === 'object' && cls !== null && cls.kind === 'global' && ALLOWED_TYPES.has(cls.name)) return newDict(true);
    return this.call(cls, tuple, at);
  }

  private persistent(pid: PyValue, at: number): PyValue {
    if (!this.options.persistentLoad) this.fail(at, 'persistent id outside a torch checkpoint');
    const result = this.options.persistentLoad(pid);
    if (!result.ok) this.fail(at, result.error);
    return result.value;
  }

  private long(n: number, at: number): number | bigint {
    if (n > MAX_LONG_BYTES) this.fail(at, `integer of ${n} bytes`);
    const raw = this.take(n, at);
    if (n === 0) return 0;
    let value = 0n;
    for (let i = n - 1; i >= 0; i--) value = (value << 8n) | BigInt(raw[i] as number);
    if ((raw[n - 1] as number) & 0x80) value -= 1n << BigInt(8 * n);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
}

function isEmptyDictOrNone(v: PyValue | undefined): boolean {
  return v === null || (typeof v === 'object' && v !== null && v.kind === 'dict' && v.entries.size === 0);
}

function describeKind(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v !== 'object') return `a ${typeof v}`;
  if (v.kind === 'list' && v.set !== undefined) return `a ${v.set}`;
  return `a ${v.kind}`;
}

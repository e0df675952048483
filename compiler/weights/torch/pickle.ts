/**
 * A restricted unpickler: reads Python pickle streams (protocols 0-5) into plain data without ever
 * executing anything. Globals are names; calls of allow-listed globals (globals.ts) are interpreted,
 * every other call yields an `Opaque` value naming the global (values.ts).
 *
 * Bounded by construction: every opcode consumes at least one byte, so the loop runs at most once per
 * byte of the stream; every length is checked against the bytes that remain before anything is
 * allocated; the stack and memo therefore never outgrow the stream. Nothing here recurses.
 */
import { ALLOWED_CALLS, isAllowedGlobal, setItem } from './globals.js';
import type { Opaque, PyDict, PyList, PyValue } from './values.js';

export type Unpickled = { readonly ok: true; readonly value: PyValue; readonly end: number } | { readonly ok: false; readonly error: string };

export interface UnpickleOptions {
  /** Resolves a persistent id (torch's storages); absent: persistent ids are an error. */
  readonly persistentLoad?: (pid: PyValue) => { ok: true; value: PyValue } | { ok: false; error: string };
}

/** Python ints wider than this many bytes are refused (nothing torch writes comes close). */
const MAX_LONG_BYTES = 64;

class PickleError extends Error {}

export function unpickle(bytes: Uint8Array, start: number, options: UnpickleOptions = {}): Unpickled {
  try {
    return new Machine(bytes, start, options).run();
  } catch (error) {
    if (error instanceof PickleError) return { ok: false, error: error.message };
    throw error;
  }
}

const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

class Machine {
  private pos: number;
  private stack: PyValue[] = [];
  private marks: number[] = [];
  private readonly memo = new Map<number, PyValue>();
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly options: UnpickleOptions,
  ) {
    this.pos = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
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
    if (n < 0 || this.pos + n > this.bytes.length) throw new PickleError(`truncated pickle: opcode at byte ${at} needs ${n} bytes, ${this.bytes.length - this.pos} remain`);
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
    if (n > BigInt(this.bytes.length)) throw new PickleError(`truncated pickle: opcode at byte ${at} declares ${n} bytes, the file has ${this.bytes.length}`);
    return Number(n);
  }

  private line(at: number): string {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) throw new PickleError(`truncated pickle: opcode at byte ${at} has no end of line`);
    const text = latin1.decode(this.bytes.subarray(this.pos, end));
    this.pos = end + 1;
    return text;
  }

  private push(v: PyValue): void {
    this.stack.push(v);
  }

  private pop(at: number): PyValue {
    const floor = this.marks.length > 0 ? (this.marks[this.marks.length - 1] as number) : 0;
    if (this.stack.length <= floor) this.fail(at, 'stack underflow');
    return this.stack.pop() as PyValue;
  }

  private top(at: number): PyValue {
    const floor = this.marks.length > 0 ? (this.marks[this.marks.length - 1] as number) : 0;
    if (this.stack.length <= floor) this.fail(at, 'stack underflow');
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
      case 0x80: { // PROTO
        const protocol = this.u8(at);
        if (protocol > 5) this.fail(at, `unsupported pickle protocol ${protocol}`);
        return;
      }
      case 0x95: this.u64(at); return; // FRAME: a length hint only
      case 0x28: this.marks.push(this.stack.length); return; // MARK
      case 0x30: this.pop(at); return; // POP
      case 0x31: this.popMark(at); return; // POP_MARK
      case 0x32: this.push(this.top(at)); return; // DUP
      case 0x4e: this.push(null); return; // NONE
      case 0x88: this.push(true); return; // NEWTRUE
      case 0x89: this.push(false); return; // NEWFALSE
      case 0x4b: this.push(this.u8(at)); return; // BININT1
      case 0x4d: this.push(this.u16(at)); return; // BININT2
      case 0x4a: this.take(4, at); this.push(this.view.getInt32(this.pos - 4, true)); return; // BININT
      case 0x8a: this.push(this.long(this.u8(at), at)); return; // LONG1
      case 0x8b: this.push(this.long(this.u32(at), at)); return; // LONG4
      case 0x47: this.take(8, at); this.push(this.view.getFloat64(this.pos - 8, false)); return; // BINFLOAT (big-endian)
      case 0x49: this.push(this.textInt(this.line(at), at)); return; // INT
      case 0x4c: this.push(this.textInt(this.line(at).replace(/L$/, ''), at)); return; // LONG
      case 0x46: this.push(this.textFloat(this.line(at), at)); return; // FLOAT
      case 0x58: this.push(utf8.decode(this.take(this.u32(at), at))); return; // BINUNICODE
      case 0x8c: this.push(utf8.decode(this.take(this.u8(at), at))); return; // SHORT_BINUNICODE
      case 0x8d: this.push(utf8.decode(this.take(this.u64(at), at))); return; // BINUNICODE8
      case 0x56: this.push(this.line(at)); return; // UNICODE (raw-unicode-escape; plain names in practice)
      case 0x55: this.push(latin1.decode(this.take(this.u8(at), at))); return; // SHORT_BINSTRING (Python 2 str)
      case 0x54: { // BINSTRING
        this.take(4, at);
        const n = this.view.getInt32(this.pos - 4, true);
        this.push(latin1.decode(this.take(n, at)));
        return;
      }
      case 0x53: this.push(this.line(at).replace(/^(['"])(.*)\1$/, '$2')); return; // STRING
      case 0x42: this.push({ kind: 'bytes', bytes: this.take(this.u32(at), at) }); return; // BINBYTES
      case 0x43: this.push({ kind: 'bytes', bytes: this.take(this.u8(at), at) }); return; // SHORT_BINBYTES
      case 0x8e: // BINBYTES8
      case 0x96: this.push({ kind: 'bytes', bytes: this.take(this.u64(at), at) }); return; // BYTEARRAY8
      case 0x29: this.push({ kind: 'tuple', items: [] }); return; // EMPTY_TUPLE
      case 0x74: this.push({ kind: 'tuple', items: this.popMark(at) }); return; // TUPLE
      case 0x85: this.tupleOf(1, at); return; // TUPLE1
      case 0x86: this.tupleOf(2, at); return; // TUPLE2
      case 0x87: this.tupleOf(3, at); return; // TUPLE3
      case 0x5d: this.push({ kind: 'list', items: [] }); return; // EMPTY_LIST
      case 0x6c: this.push({ kind: 'list', items: this.popMark(at) }); return; // LIST
      case 0x8f: this.push({ kind: 'list', items: [] }); return; // EMPTY_SET (a set is a list here)
      case 0x91: this.push({ kind: 'list', items: this.popMark(at) }); return; // FROZENSET
      case 0x61: { // APPEND
        const item = this.pop(at);
        this.appendTo(this.top(at), [item]);
        return;
      }
      case 0x65: // APPENDS
      case 0x90: { // ADDITEMS
        const items = this.popMark(at);
        this.appendTo(this.top(at), items);
        return;
      }
      case 0x7d: this.push({ kind: 'dict', entries: new Map() }); return; // EMPTY_DICT
      case 0x64: { // DICT
        const dict: PyDict = { kind: 'dict', entries: new Map() };
        this.setItems(dict, this.popMark(at), at);
        this.push(dict);
        return;
      }
      case 0x73: { // SETITEM
        const value = this.pop(at);
        const key = this.pop(at);
        this.setItems(this.top(at), [key, value], at);
        return;
      }
      case 0x75: { // SETITEMS
        const items = this.popMark(at);
        this.setItems(this.top(at), items, at);
        return;
      }
      case 0x68: this.push(this.get(this.u8(at), at)); return; // BINGET
      case 0x6a: this.push(this.get(this.u32(at), at)); return; // LONG_BINGET
      case 0x67: this.push(this.get(this.textIndex(this.line(at), at), at)); return; // GET
      case 0x71: this.put(this.u8(at), at); return; // BINPUT
      case 0x72: this.put(this.u32(at), at); return; // LONG_BINPUT
      case 0x70: this.put(this.textIndex(this.line(at), at), at); return; // PUT
      case 0x94: this.put(this.memo.size, at); return; // MEMOIZE
      case 0x63: { // GLOBAL
        const module = this.line(at);
        this.push(this.global(`${module}.${this.line(at)}`));
        return;
      }
      case 0x93: { // STACK_GLOBAL
        const name = this.pop(at);
        const module = this.pop(at);
        if (typeof module !== 'string' || typeof name !== 'string') this.fail(at, 'STACK_GLOBAL needs two strings');
        this.push(this.global(`${module}.${name}`));
        return;
      }
      case 0x52: { // REDUCE
        const args = this.pop(at);
        const callable = this.pop(at);
        this.push(this.call(callable, args, at));
        return;
      }
      case 0x81: { // NEWOBJ: cls.__new__(cls, *args)
        const args = this.pop(at);
        const cls = this.pop(at);
        this.push(this.call(cls, args, at));
        return;
      }
      case 0x92: { // NEWOBJ_EX
        this.pop(at);
        const args = this.pop(at);
        const cls = this.pop(at);
        this.push(this.call(cls, args, at));
        return;
      }
      case 0x69: { // INST: module, name on lines, args after MARK
        const module = this.line(at);
        const cls = this.global(`${module}.${this.line(at)}`);
        this.push(this.call(cls, { kind: 'tuple', items: this.popMark(at) }, at));
        return;
      }
      case 0x6f: { // OBJ: class and args after MARK
        const [cls, ...args] = this.popMark(at);
        if (cls === undefined) this.fail(at, 'OBJ without a class');
        this.push(this.call(cls, { kind: 'tuple', items: args }, at));
        return;
      }
      case 0x62: this.pop(at); this.top(at); return; // BUILD: state of (Ordered)dicts, tensors, opaque objects: not needed
      case 0x51: this.push(this.persistent(this.pop(at), at)); return; // BINPERSID
      case 0x50: this.push(this.persistent(this.line(at), at)); return; // PERSID
      default:
        this.fail(at, `unsupported opcode 0x${op.toString(16).padStart(2, '0')}`);
    }
  }

  private tupleOf(n: number, at: number): void {
    const items: PyValue[] = [];
    for (let i = 0; i < n; i++) items.unshift(this.pop(at));
    this.push({ kind: 'tuple', items });
  }

  private appendTo(target: PyValue, items: PyValue[]): void {
    if (typeof target === 'object' && target !== null && target.kind === 'list') {
      const list = target as PyList;
      for (const item of items) list.items.push(item);
    }
    // Appending to an opaque object (a user's list subclass, ...) leaves it opaque.
  }

  private setItems(target: PyValue, items: PyValue[], at: number): void {
    if (items.length % 2 !== 0) this.fail(at, 'odd number of items for a dict');
    if (typeof target !== 'object' || target === null || target.kind !== 'dict') return; // opaque mappings stay opaque
    for (let i = 0; i < items.length; i += 2) setItem(target, items[i] as PyValue, items[i + 1] as PyValue);
  }

  private global(name: string): PyValue {
    return isAllowedGlobal(name) ? { kind: 'global', name } : ({ kind: 'opaque', global: name } satisfies Opaque);
  }

  /** Interprets a call of an allow-listed global; anything else stays an opaque value and nothing runs. */
  private call(callable: PyValue, args: PyValue, at: number): PyValue {
    if (typeof callable !== 'object' || callable === null) this.fail(at, 'call of a value that is not a global');
    if (callable.kind === 'opaque') return callable;
    if (callable.kind !== 'global') this.fail(at, `call of ${callable.kind}`);
    const handler = ALLOWED_CALLS[callable.name];
    if (!handler) this.fail(at, `'${callable.name}' cannot be called`);
    if (typeof args !== 'object' || args === null || args.kind !== 'tuple') this.fail(at, `arguments of '${callable.name}' are not a tuple`);
    const result = handler(args.items);
    if (!result.ok) this.fail(at, result.error);
    return result.value;
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

  private textInt(text: string, at: number): number | bigint | boolean {
    if (text === '00') return false;
    if (text === '01') return true;
    if (!/^[-+]?\d{1,40}$/.test(text)) this.fail(at, `bad integer '${text.slice(0, 20)}'`);
    const value = BigInt(text);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }

  private textFloat(text: string, at: number): number {
    const value = Number(text);
    if (text.trim() === '' || (Number.isNaN(value) && !/nan/i.test(text))) this.fail(at, `bad float '${text.slice(0, 20)}'`);
    return value;
  }

  private textIndex(text: string, at: number): number {
    if (!/^\d{1,10}$/.test(text)) this.fail(at, `bad memo index '${text.slice(0, 20)}'`);
    return Number(text);
  }
}


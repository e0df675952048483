/** The restricted unpickler on hand-written streams: what it builds, and what it refuses or bounds. */
import { describe, expect, it } from 'vitest';
import { unpickle } from '../../compiler/weights/torch/pickle.js';

const bytes = (...parts: (number | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'number' ? [p] : [...p].map((c) => c.charCodeAt(0)))));

describe('unpickle', () => {
  it('builds plain containers and numbers', () => {
    // PROTO 2, EMPTY_DICT, SHORT_BINUNICODE 'a', BININT1 7, SETITEM, STOP
    const r = unpickle(bytes(0x80, 2, 0x7d, 0x8c, 1, 'a', 0x4b, 7, 0x73, 0x2e), 0);
    expect(r.ok && r.value).toEqual({ kind: 'dict', entries: new Map([['a', { key: 'a', value: 7 }]]), ordered: false });
  });

  it('turns a call of any global outside the allow-list into an opaque value, calling nothing', () => {
    // GLOBAL 'posix\nsystem\n', SHORT_BINUNICODE 'ls', TUPLE1, REDUCE, STOP
    const r = unpickle(bytes(0x80, 2, 0x63, 'posix\nsystem\n', 0x8c, 2, 'ls', 0x85, 0x52, 0x2e), 0);
    expect(r.ok && r.value).toEqual({ kind: 'opaque', global: 'posix.system' });
  });

  it('reads negative and wide LONG1 integers', () => {
    const r = unpickle(bytes(0x8a, 2, 0x00, 0xff, 0x2e), 0);
    expect(r.ok && r.value).toBe(-256);
    const wide = unpickle(bytes(0x8a, 10, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e), 0);
    expect(wide.ok && wide.value).toBe(0x1950a86a20f9469cfc6cn);
  });

  it('refuses lengths past the end, before allocating', () => {
    // BINUNICODE of 4 GiB - 1 bytes, BINBYTES8 of 2^60 bytes
    expect(unpickle(bytes(0x58, 0xff, 0xff, 0xff, 0xff, 'x'), 0)).toEqual({
      ok: false,
      error: 'truncated pickle: opcode at byte 0 needs 4294967295 bytes, 1 remain',
    });
    expect(unpickle(bytes(0x8e, 0, 0, 0, 0, 0, 0, 0, 0x10), 0)).toEqual({
      ok: false,
      error: 'truncated pickle: opcode at byte 0 declares 1152921504606846976 bytes, 0 remain',
    });
  });

  it('refuses memo entries never stored, stack underflow, unknown opcodes and a missing STOP', () => {
    expect(unpickle(bytes(0x68, 5, 0x2e), 0)).toEqual({ ok: false, error: 'bad pickle at byte 0: memo entry 5 was never stored' });
    expect(unpickle(bytes(0x52, 0x2e), 0)).toEqual({ ok: false, error: 'bad pickle at byte 0: stack underflow' });
    expect(unpickle(bytes(0xff), 0)).toEqual({ ok: false, error: 'bad pickle at byte 0: unsupported opcode 0xff' });
    expect(unpickle(bytes(0x4e), 0)).toEqual({ ok: false, error: 'truncated pickle: no STOP opcode before byte 1' });
  });

  it('survives a list that contains itself and deeply nested tuples without recursing', () => {
    // EMPTY_LIST, MEMOIZE, BINGET 0, APPEND, STOP
    const cyclic = unpickle(bytes(0x5d, 0x94, 0x68, 0, 0x61, 0x2e), 0);
    expect(cyclic.ok && typeof cyclic.value === 'object' && cyclic.value?.kind).toBe('list');
    const deep = new Uint8Array(200_002);
    deep[0] = 0x29; // EMPTY_TUPLE
    deep.fill(0x85, 1, 200_001); // TUPLE1, 200 000 times
    deep[200_001] = 0x2e;
    expect(unpickle(deep, 0).ok).toBe(true);
  });
});

/**
 * Hand-built checkpoints for tests: zip archives (stored, deflated, zip64, or a given deflate stream
 * with a declared size), pickle streams written opcode by opcode, and torch's two formats around
 * them. What torch.save writes is in test/fixtures/checkpoints; these build what it never writes.
 */
import { deflateRawSync } from 'node:zlib';

export interface ZipItem {
  readonly name: string;
  readonly data: Uint8Array;
  readonly deflate?: boolean;
  /** A raw deflate stream to store as the entry's body, declared to inflate to `data.length` bytes unless `size` is given. */
  readonly body?: Uint8Array;
  readonly size?: number;
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** A zip of `entries`; with `zip64`, the central directory gives sizes, offsets and counts in zip64 form. */
export function buildZip(entries: readonly ZipItem[], zip64 = false): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const deflated = e.deflate === true || e.body !== undefined;
    const body = e.body ?? (e.deflate ? new Uint8Array(deflateRawSync(e.data)) : e.data);
    const size = e.size ?? e.data.length;
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(8, deflated ? 8 : 0, true);
    local.setUint32(18, body.length, true);
    local.setUint32(22, size, true);
    local.setUint16(26, name.length, true);
    parts.push(new Uint8Array(local.buffer), name, body);
    const extra = zip64 ? new DataView(new ArrayBuffer(28)) : undefined;
    if (extra) {
      extra.setUint16(0, 1, true);
      extra.setUint16(2, 24, true);
      extra.setBigUint64(4, BigInt(size), true);
      extra.setBigUint64(12, BigInt(body.length), true);
      extra.setBigUint64(20, BigInt(offset), true);
    }
    const c = new DataView(new ArrayBuffer(46));
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(10, deflated ? 8 : 0, true);
    c.setUint32(20, zip64 ? 0xffffffff : body.length, true);
    c.setUint32(24, zip64 ? 0xffffffff : size, true);
    c.setUint16(28, name.length, true);
    c.setUint16(30, extra ? 28 : 0, true);
    c.setUint32(42, zip64 ? 0xffffffff : offset, true);
    central.push(new Uint8Array(c.buffer), name, ...(extra ? [new Uint8Array(extra.buffer)] : []));
    offset += 30 + name.length + body.length;
  }
  const cdSize = central.reduce((n, p) => n + p.length, 0);
  const tail: Uint8Array[] = [];
  if (zip64) {
    const record = new DataView(new ArrayBuffer(56));
    record.setUint32(0, 0x06064b50, true);
    record.setBigUint64(4, 44n, true);
    record.setBigUint64(24, BigInt(entries.length), true);
    record.setBigUint64(32, BigInt(entries.length), true);
    record.setBigUint64(40, BigInt(cdSize), true);
    record.setBigUint64(48, BigInt(offset), true);
    const locator = new DataView(new ArrayBuffer(20));
    locator.setUint32(0, 0x07064b50, true);
    locator.setBigUint64(8, BigInt(offset + cdSize), true);
    locator.setUint32(16, 1, true);
    tail.push(new Uint8Array(record.buffer), new Uint8Array(locator.buffer));
  }
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, zip64 ? 0xffff : entries.length, true);
  end.setUint16(10, zip64 ? 0xffff : entries.length, true);
  end.setUint32(12, zip64 ? 0xffffffff : cdSize, true);
  end.setUint32(16, zip64 ? 0xffffffff : offset, true);
  tail.push(new Uint8Array(end.buffer));
  return concat([...parts, ...central, ...tail]);
}

/**
 * A raw deflate stream of `copies` MiB of zeros made from one compressed MiB: each copy ends with a
 * full flush (no back-references across copies), so the copies can be repeated, then a final empty
 * block. `copies` = 2048 gives a 2 GiB entry in about 2 MB.
 */
export function zerosBomb(copies: number): Uint8Array {
  const one = new Uint8Array(deflateRawSync(new Uint8Array(1 << 20), { finishFlush: 3 /* Z_FULL_FLUSH */ }));
  const out = new Uint8Array(one.length * copies + 2);
  for (let i = 0; i < copies; i++) out.set(one, i * one.length);
  out.set([0x03, 0x00], one.length * copies); // a final, empty fixed-Huffman block
  return out;
}

/** Writes a pickle stream opcode by opcode (protocol 2 opcodes unless named otherwise). */
export class PickleWriter {
  private readonly parts: number[][] = [];
  private size = 0;

  raw(...bytes: (number | string | Uint8Array)[]): this {
    for (const b of bytes) {
      const arr = typeof b === 'number' ? [b] : typeof b === 'string' ? [...Buffer.from(b, 'latin1')] : [...b];
      this.parts.push(arr);
      this.size += arr.length;
    }
    return this;
  }

  proto(n = 2): this {
    return this.raw(0x80, n);
  }

  /** BINUNICODE (X): UTF-8, 4-byte length. */
  str(s: string): this {
    const utf8 = Buffer.from(s, 'utf8');
    return this.raw(0x58, u32(utf8.length), utf8);
  }

  int(n: number): this {
    if (n >= 0 && n < 256) return this.raw(0x4b, n);
    if (n >= 0 && n < 65536) return this.raw(0x4d, n & 0xff, n >> 8);
    if (n >= -(2 ** 31) && n < 2 ** 31) return this.raw(0x4a, i32(n));
    const bytes = Buffer.alloc(8);
    bytes.writeBigInt64LE(BigInt(n));
    return this.raw(0x8a, 8, bytes);
  }

  global(module: string, name: string): this {
    return this.raw(0x63, `${module}\n${name}\n`);
  }

  mark(): this {
    return this.raw(0x28);
  }

  tuple(): this {
    return this.raw(0x74);
  }

  emptyDict(): this {
    return this.raw(0x7d);
  }

  setitem(): this {
    return this.raw(0x73);
  }

  setitems(): this {
    return this.raw(0x75);
  }

  put(i: number): this {
    return i < 256 ? this.raw(0x71, i) : this.raw(0x72, u32(i));
  }

  get(i: number): this {
    return i < 256 ? this.raw(0x68, i) : this.raw(0x6a, u32(i));
  }

  reduce(): this {
    return this.raw(0x52);
  }

  /**
   * `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())` on the
   * zip format's persistent id ('storage', torch.<Type>Storage, key, 'cpu', numel), or the legacy
   * format's, which adds the view.
   */
  tensor(t: TensorSpec): this {
    this.global('torch._utils', '_rebuild_tensor_v2').mark();
    this.mark()
      .str('storage')
      .global('torch', t.storageType ?? 'FloatStorage')
      .str(t.key)
      .str('cpu')
      .int(t.numel);
    if (t.legacy) {
      if (t.view) this.mark().str(t.view[0]).int(t.view[1]).int(t.view[2]).tuple();
      else this.raw(0x4e);
    }
    this.tuple().raw(0x51);
    this.int(t.offset ?? 0).mark();
    for (const d of t.shape) this.int(d);
    this.tuple().mark();
    for (const s of t.stride ?? contiguous(t.shape)) this.int(s);
    this.tuple().raw(0x89).global('collections', 'OrderedDict').raw(0x29).reduce();
    return this.tuple().reduce();
  }

  stop(): Uint8Array {
    this.raw(0x2e);
    return Uint8Array.from(this.parts.flat());
  }

  get length(): number {
    return this.size;
  }
}

export interface TensorSpec {
  readonly key: string;
  readonly numel: number;
  readonly shape: readonly number[];
  readonly stride?: readonly number[];
  readonly offset?: number;
  readonly storageType?: string;
  /** The legacy format's 6-tuple persistent id, with a view (key, offset, size) of the storage or None. */
  readonly legacy?: boolean;
  readonly view?: readonly [string, number, number];
}

export function contiguous(shape: readonly number[]): number[] {
  const out: number[] = [];
  let n = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out.unshift(n);
    n *= shape[i] as number;
  }
  return out;
}

function u32(n: number): Uint8Array {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

function i32(n: number): Uint8Array {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
}

export const f32 = (...values: number[]): Uint8Array => new Uint8Array(Float32Array.from(values).buffer);

/** A torch zip checkpoint: `archive/data.pkl`, the storages as `archive/data/<key>`, `archive/version`. */
export function torchZip(pickle: Uint8Array, storages: Record<string, Uint8Array>, extra: readonly ZipItem[] = []): Uint8Array {
  return buildZip([
    { name: 'archive/data.pkl', data: pickle },
    ...Object.entries(storages).map(([key, data]) => ({ name: `archive/data/${key}`, data })),
    { name: 'archive/version', data: new TextEncoder().encode('3\n') },
    ...extra,
  ]);
}

/** Values of an f32 tensor; a plain list is a 1-D tensor. */
export type Values = readonly number[] | { readonly shape: readonly number[]; readonly values: readonly number[] };

const isFlat = (v: Values): v is readonly number[] => Array.isArray(v);
export const valuesOf = (v: Values): readonly number[] => (isFlat(v) ? v : v.values);
export const shapeOf = (v: Values): readonly number[] => (isFlat(v) ? [v.length] : v.shape);

/** A state dict `{name: f32 tensor}` pickle, each tensor on its own storage (keys '0', '1', ...). */
export function stateDict(tensors: Record<string, Values>): { pickle: Uint8Array; storages: Record<string, Uint8Array> } {
  const p = new PickleWriter().proto().emptyDict();
  const storages = stateDictItems(p, tensors, 0);
  return { pickle: p.stop(), storages };
}

/**
 * Fills the dict on top of the pickle's stack with `tensors` (one SETITEMS), storages keyed from
 * `first` on; the legacy format's persistent ids with `legacy`. Returns the storages' bytes.
 */
export function stateDictItems(p: PickleWriter, tensors: Record<string, Values>, first: number, legacy = false): Record<string, Uint8Array> {
  const storages: Record<string, Uint8Array> = {};
  p.mark();
  Object.entries(tensors).forEach(([name, v], i) => {
    const key = String(first + i);
    p.str(name).tensor({ key, numel: valuesOf(v).length, shape: shapeOf(v), legacy });
    storages[key] = f32(...valuesOf(v));
  });
  p.setitems();
  return storages;
}

/**
 * torch's legacy format: the magic number, protocol 1001 and system info as pickles, the object
 * pickle (written by `body`, whose persistent ids are 6-tuples), the storage keys, then each storage
 * as an int64 element count and its bytes.
 */
export function torchLegacy(body: Uint8Array, storages: Record<string, { numel: number; bytes: Uint8Array }>): Uint8Array {
  const magic = new PickleWriter().proto().raw(0x8a, 10, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19).stop();
  const protocol = new PickleWriter().proto().int(1001).stop();
  const info = new PickleWriter().proto().emptyDict().str('little_endian').raw(0x88).setitem().stop();
  const keys = new PickleWriter().proto().raw(0x5d).mark();
  for (const key of Object.keys(storages)) keys.str(key);
  const parts: Uint8Array[] = [magic, protocol, info, body, keys.raw(0x65).stop()];
  for (const { numel, bytes } of Object.values(storages)) {
    const count = Buffer.alloc(8);
    count.writeBigInt64LE(BigInt(numel));
    parts.push(count, bytes);
  }
  return concat(parts);
}

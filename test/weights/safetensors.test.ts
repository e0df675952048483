import { describe, expect, it } from 'vitest';
import { floatToHalf, halfToFloat } from '../../io/half-float.js';
import { parseSafetensors, readFloat32, type SafetensorsFile } from '../../compiler/weights/safetensors.js';
import { writeSafetensors } from '../../compiler/weights/safetensors-write.js';
import type { Result } from '../../base/result.js';

function ok<T>(p: Result<T>): T {
  if (!p.ok) throw new Error(p.error);
  return p.value;
}

function errorOf(p: Result<SafetensorsFile>): string {
  return p.ok ? '' : p.error;
}

/** A file whose header is the given text. */
function withHeader(json: string, data = new Uint8Array(0)): Uint8Array {
  const header = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + header.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  out.set(data, 8 + header.length);
  return out;
}

describe('safetensors', () => {
  it('round-trips F32 tensors and metadata', () => {
    const a = Float32Array.from([1, -2.5, 3e-8, 1e30, 0, -0]);
    const b = Float32Array.from([7]);
    const bytes = writeSafetensors({ 'conv.weight': { dtype: 'F32', shape: [2, 3], data: a }, scalar: { dtype: 'F32', shape: [], data: b } }, { format: 'pt' });
    const file = ok(parseSafetensors(bytes));
    expect(file.metadata).toEqual({ format: 'pt' });
    expect(file.entries.map((e) => [e.name, e.dtype, e.shape])).toEqual([
      ['conv.weight', 'F32', [2, 3]],
      ['scalar', 'F32', []],
    ]);
    expect(ok(readFloat32(file, file.entries[0]!))).toEqual(a);
    expect(ok(readFloat32(file, file.entries[1]!))).toEqual(b);
  });

  it('reads F16 tensors as float32', () => {
    const values = Float32Array.from([0, 1, -2, 0.5, 65504, 1 / 3, 6e-8]);
    const file = ok(parseSafetensors(writeSafetensors({ h: { dtype: 'F16', shape: [7], data: values } })));
    const read = ok(readFloat32(file, file.entries[0]!));
    expect([...read.slice(0, 5)]).toEqual([0, 1, -2, 0.5, 65504]);
    expect(read[5]).toBeCloseTo(1 / 3, 3);
    expect(read[6]).toBeCloseTo(2 ** -24, 12);
  });

  it('converts half floats both ways exactly on representable values', () => {
    for (const bits of [0x0000, 0x3c00, 0xc000, 0x7bff, 0x0001, 0x03ff, 0x7c00, 0xfc00]) {
      expect(floatToHalf(halfToFloat(bits))).toBe(bits);
    }
    expect(Number.isNaN(halfToFloat(0x7e00))).toBe(true);
  });

  it('rejects a file shorter than the length field', () => {
    expect(errorOf(parseSafetensors(new Uint8Array(5)))).toBe('truncated: 5 bytes, too short for the 8-byte header length');
  });

  it('rejects a truncated header', () => {
    const bytes = withHeader('{}').subarray(0, 9);
    expect(errorOf(parseSafetensors(bytes))).toBe('truncated: the header needs 2 bytes but only 1 follow the length');
  });

  it('rejects a truncated data section', () => {
    const bytes = writeSafetensors({ w: { dtype: 'F32', shape: [4], data: new Float32Array(4) } });
    expect(errorOf(parseSafetensors(bytes.subarray(0, bytes.length - 4)))).toBe("offsets out of range: 'w' spans bytes 0..16 of a 12-byte data section");
  });

  it('rejects a header length over the limit', () => {
    const bytes = new Uint8Array(16);
    new DataView(bytes.buffer).setBigUint64(0, 2n ** 40n, true);
    expect(errorOf(parseSafetensors(bytes))).toBe('header too long: 1099511627776 bytes (the limit is 104857600)');
  });

  it('rejects bad JSON', () => {
    expect(errorOf(parseSafetensors(withHeader('{"w": [')))).toMatch(/^bad header: not valid JSON \(/);
    expect(errorOf(parseSafetensors(withHeader('[1, 2]')))).toBe('bad header: expected a JSON object');
  });

  it('rejects entries with bad fields', () => {
    const entry = (e: string) => errorOf(parseSafetensors(withHeader(`{"w": ${e}}`, new Uint8Array(8))));
    expect(entry('{"dtype": "Q4", "shape": [2], "data_offsets": [0, 8]}')).toBe("bad header: entry 'w' has unknown dtype 'Q4'");
    expect(entry('{"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}')).toBe("bad header: entry 'w' has a bad shape");
    expect(entry('{"dtype": "F32", "shape": [2]}')).toBe("bad header: entry 'w' needs data_offsets [begin, end]");
    expect(entry('{"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}')).toBe("bad header: 'w' is F32 [3] (12 bytes) but its offsets span 8 bytes");
    expect(entry('{"dtype": "F32", "shape": [2], "data_offsets": [8, 16]}')).toBe("offsets out of range: 'w' spans bytes 8..16 of a 8-byte data section");
  });

  it('rejects overlapping tensors', () => {
    const header = '{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}';
    expect(errorOf(parseSafetensors(withHeader(header, new Uint8Array(8))))).toBe("bad header: tensors 'a' and 'b' overlap");
  });

  it('parses other dtypes but reads only the float ones', () => {
    const header = '{"n": {"dtype": "I64", "shape": [], "data_offsets": [0, 8]}}';
    const file = ok(parseSafetensors(withHeader(header, new Uint8Array(8))));
    const read = readFloat32(file, file.entries[0]!);
    expect(read.ok ? '' : read.error).toBe("tensor 'n' has dtype I64; only F32, F16, BF16 and F64 are supported");
  });

  it('widens BF16 and narrows F64 to float32', () => {
    // bf16 0x3fc0 = 1.5, 0xc000 = -2; f64 0.1 rounds to float32's nearest
    const bf16 = Uint8Array.of(0xc0, 0x3f, 0x00, 0xc0);
    const f64 = new Uint8Array(Float64Array.of(0.1, -3).buffer);
    const header = '{"b": {"dtype": "BF16", "shape": [2], "data_offsets": [0, 4]}, "d": {"dtype": "F64", "shape": [2], "data_offsets": [8, 24]}}';
    const data = new Uint8Array(24);
    data.set(bf16, 0);
    data.set(f64, 8);
    const file = ok(parseSafetensors(withHeader(header, data)));
    expect(ok(readFloat32(file, file.entries[0]!))).toEqual(Float32Array.of(1.5, -2));
    expect(ok(readFloat32(file, file.entries[1]!))).toEqual(Float32Array.of(0.1, -3));
  });
});

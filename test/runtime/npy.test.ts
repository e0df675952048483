import { describe, expect, it } from 'vitest';
import { formatNpy, parseNpy } from '../../runtime/npy.js';
import type { HostTensor } from '../../runtime/tensors.js';

/** A .npy file as NumPy writes it: v1 header padded to 64 bytes, then raw little-endian data. */
function npy(descr: string, shape: string, data: Uint8Array, options: { version?: number; fortran?: boolean } = {}): Uint8Array {
  const version = options.version ?? 1;
  const dict = `{'descr': '${descr}', 'fortran_order': ${options.fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;
  const prefix = version === 1 ? 10 : 12;
  const total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  const header = dict.padEnd(total - prefix - 1, ' ') + '\n';
  const out = new Uint8Array(total + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), prefix);
  out.set(data, total);
  return out;
}

/** A v1 .npy file with exactly this header text (padded as numpy pads it). */
function headerOnly(dict: string, data: Uint8Array): Uint8Array {
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const header = dict.padEnd(total - 11, ' ') + '\n';
  const out = new Uint8Array(total + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(data, total);
  return out;
}

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function expectOk(bytes: Uint8Array): HostTensor {
  const result = parseNpy(bytes);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function expectReason(bytes: Uint8Array): string {
  const result = parseNpy(bytes);
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

describe('npy', () => {
  it('round-trips float32 with its shape', () => {
    const tensor: HostTensor = { type: 'float32', dims: [2, 3], data: Float32Array.from([0, 1.5, -2, 3, 4, 5.25]) };
    const bytes = formatNpy(tensor);
    expect(new TextDecoder().decode(bytes.subarray(10, 70))).toContain("'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)");
    expect(bytes.length % 64).toBe(24); // 64-byte header + 24 data bytes
    expect(expectOk(bytes)).toEqual(tensor);
  });

  it('round-trips int64 and 1-D and 0-D shapes', () => {
    const vector: HostTensor = { type: 'int64', dims: [3], data: BigInt64Array.from([1n, -2n, 3n ** 40n]) };
    expect(expectOk(formatNpy(vector))).toEqual(vector);
    expect(new TextDecoder().decode(formatNpy(vector))).toContain("'shape': (3,)");
    const scalar: HostTensor = { type: 'float32', dims: [], data: Float32Array.from([7]) };
    expect(expectOk(formatNpy(scalar))).toEqual(scalar);
  });

  it('reads float16 as float32', () => {
    // 1.0, -2.0, 0.5, 65504 (max half), smallest subnormal, +inf
    const halves = Uint16Array.from([0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0x7c00]);
    const t = expectOk(npy('<f2', '(6,)', bytesOf(halves)));
    expect(t.type).toBe('float32');
    expect([...t.data]).toEqual([1, -2, 0.5, 65504, 2 ** -24, Infinity]);
  });

  it('reads float64 as float32, and version 2 headers', () => {
    const t = expectOk(npy('<f8', '(1, 2)', bytesOf(Float64Array.from([0.25, -1e10])), { version: 2 }));
    expect(t).toEqual({ type: 'float32', dims: [1, 2], data: Float32Array.from([0.25, -1e10]) });
  });

  it('refuses what it cannot read, saying why', () => {
    expect(expectReason(new TextEncoder().encode('hello world, not numpy'))).toBe('not a .npy file (bad magic)');
    expect(expectReason(npy('>f4', '(1,)', new Uint8Array(4)))).toBe("big-endian dtype '>f4' is not supported; save with arr.astype('<f4')");
    expect(expectReason(npy('<i4', '(1,)', new Uint8Array(4)))).toBe("dtype '<i4' is not supported (use float32, float16, float64 or int64)");
    expect(expectReason(npy('<f4', '(2, 2)', new Uint8Array(16), { fortran: true }))).toBe(
      'Fortran-order arrays are not supported; save with np.ascontiguousarray',
    );
    expect(expectReason(npy('<f4', '(2, 2)', new Uint8Array(8)))).toBe('data is truncated: shape (2, 2) needs 16 bytes, found 8');
    expect(expectReason(npy('<f4', '(2, x)', new Uint8Array(8)))).toBe("bad header: unexpected 'x' at offset 54");
    expect(expectReason(npy('<f4', '(2, -1)', new Uint8Array(8)))).toBe('bad header: shape must hold non-negative integers');
    const noShape = npy('<f4', '(1,)', new Uint8Array(4));
    noShape.set(new TextEncoder().encode("'shap'"), 10 + 43);
    expect(expectReason(noShape)).toBe("bad header: expected ':' at offset 44");
    expect(expectReason(headerOnly("{'descr': '<f4', 'fortran_order': False, }", new Uint8Array(4)))).toBe(
      'bad header: needs descr (a string), fortran_order (True or False) and shape (a tuple)',
    );
    const cut = npy('<f4', '(1,)', new Uint8Array(4)).subarray(0, 40);
    expect(expectReason(cut)).toBe('header is truncated');
    const v9 = npy('<f4', '(1,)', new Uint8Array(4));
    v9[6] = 9;
    expect(expectReason(v9)).toBe('unsupported .npy format version 9.0');
  });

  it('reads the header as the Python dict it is: a repeated key keeps its last value, as numpy does', () => {
    const twice = headerOnly("{'descr': '<i8', 'shape': (1,), 'fortran_order': False, 'descr': '<f4', }", new Uint8Array(4));
    expect(expectOk(twice).type).toBe('float32');
    // A string value holding what a regular expression would take for the shape.
    const tricky = headerOnly("{'descr': '<f4', 'x': \"'shape': (9, 9)\", 'fortran_order': False, 'shape': (1,), }", new Uint8Array(4));
    expect(expectOk(tricky).dims).toEqual([1]);
    const escaped = headerOnly("{'descr': '<f4', 'note': 'it\\'s }', 'fortran_order': False, 'shape': (), }", new Uint8Array(4));
    expect(expectOk(escaped).dims).toEqual([]);
    expect(expectReason(headerOnly("{'descr': '<f4', 'fortran_order': False, 'shape': (1,) 'x': 1}", new Uint8Array(4)))).toBe(
      "bad header: expected ',' or '}' at offset 55",
    );
    expect(expectReason(headerOnly("{'descr': '<f4, 'fortran_order': False}", new Uint8Array(4)))).toMatch(/^bad header: /);
  });

  it('reads data that does not start 4-byte aligned in its buffer', () => {
    const file = formatNpy({ type: 'float32', dims: [2], data: Float32Array.from([1, 2]) });
    const shifted = new Uint8Array(file.length + 1);
    shifted.set(file, 1);
    expect([...expectOk(shifted.subarray(1)).data]).toEqual([1, 2]);
  });
});

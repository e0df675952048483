import { parseHeaderDict } from './npy-header.js';

/**
 * NumPy .npy files (format versions 1, 2 and 3), little-endian and C order only, read the same way by
 * node (runtime/npy.ts decodes them into tensors) and by the browser page (its test clips): the header
 * is parsed as the Python dict it is (./npy-header.ts), never matched with regular expressions.
 */
export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Bytes per element of the dtypes vnet reads. */
const ITEM_SIZES: Readonly<Record<string, number>> = { '<f4': 4, '<f2': 2, '<f8': 8, '<i8': 8 };

export interface NpyArray {
  /** `<f4`, `<f2`, `<f8` or `<i8` (numpy's native `=` is written `<`). */
  readonly descr: string;
  readonly shape: number[];
  /** The array's bytes in the file: exactly elements * item size, not copied (so not necessarily aligned). */
  readonly data: DataView;
}

export type NpyRead = { readonly ok: true; readonly array: NpyArray } | { readonly ok: false; readonly reason: string };

export function readNpy(bytes: Uint8Array): NpyRead {
  const header = readHeader(bytes);
  if (!header.ok) return header;
  const { descr, fortranOrder, shape } = header;
  const size = ITEM_SIZES[descr];
  if (size === undefined) return { ok: false, reason: unsupportedDtype(descr) };
  if (fortranOrder) return { ok: false, reason: 'Fortran-order arrays are not supported; save with np.ascontiguousarray' };
  const count = shape.reduce((n, d) => n * d, 1);
  const available = bytes.length - header.dataOffset;
  if (available < count * size) {
    return { ok: false, reason: `data is truncated: shape (${shape.join(', ')}) needs ${count * size} bytes, found ${available}` };
  }
  return { ok: true, array: { descr, shape, data: new DataView(bytes.buffer, bytes.byteOffset + header.dataOffset, count * size) } };
}

/** A float32 array (the page's clips): its shape and values, copied into aligned memory; other dtypes are refused. */
export function readNpyFloat32(bytes: Uint8Array): { ok: true; dims: number[]; data: Float32Array } | { ok: false; reason: string } {
  const read = readNpy(bytes);
  if (!read.ok) return read;
  const { descr, shape, data } = read.array;
  if (descr !== '<f4') return { ok: false, reason: `it must be float32 ('<f4'), found '${descr}'` };
  const values = new Float32Array(data.byteLength / 4);
  for (let i = 0; i < values.length; i++) values[i] = data.getFloat32(i * 4, true);
  return { ok: true, dims: shape, data: values };
}

function unsupportedDtype(descr: string): string {
  if (/^>/.test(descr)) return `big-endian dtype '${descr}' is not supported; save with arr.astype('<${descr.slice(1)}')`;
  return `dtype '${descr}' is not supported (use float32, float16, float64 or int64)`;
}

type HeaderRead =
  | { ok: true; descr: string; fortranOrder: boolean; shape: number[]; dataOffset: number }
  | { ok: false; reason: string };

function readHeader(bytes: Uint8Array): HeaderRead {
  if (bytes.length < 10 || NPY_MAGIC.some((b, i) => bytes[i] !== b)) return { ok: false, reason: 'not a .npy file (bad magic)' };
  const major = bytes[6] ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let length: number;
  let start: number;
  if (major === 1) {
    length = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) return { ok: false, reason: 'header is truncated' };
    length = view.getUint32(8, true);
    start = 12;
  } else {
    return { ok: false, reason: `unsupported .npy format version ${major}.${bytes[7] ?? 0}` };
  }
  if (start + length > bytes.length) return { ok: false, reason: 'header is truncated' };
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + length));
  const parsed = parseHeaderDict(text);
  if (!parsed.ok) return { ok: false, reason: `bad header: ${parsed.reason}` };
  const descr = parsed.dict.get('descr');
  const fortran = parsed.dict.get('fortran_order');
  const shape = parsed.dict.get('shape');
  if (typeof descr !== 'string' || typeof fortran !== 'boolean' || !Array.isArray(shape)) {
    return { ok: false, reason: 'bad header: needs descr (a string), fortran_order (True or False) and shape (a tuple)' };
  }
  if (!shape.every((d): d is number => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    return { ok: false, reason: 'bad header: shape must hold non-negative integers' };
  }
  return { ok: true, descr: descr.replace(/^=/, '<'), fortranOrder: fortran, shape, dataOffset: start + length };
}

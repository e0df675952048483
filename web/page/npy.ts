/** A float32 little-endian C-order .npy (versions 1-3): the page's test clips. Anything else is refused. */
export function parseNpyFloat32(buffer: ArrayBuffer): { dims: number[]; data: Float32Array } {
  const bytes = new Uint8Array(buffer);
  if (bytes[0] !== 0x93 || String.fromCharCode(...bytes.subarray(1, 6)) !== 'NUMPY') throw new Error('not a .npy file');
  const major = bytes[6];
  const view = new DataView(buffer);
  const long = major !== 1;
  const headerLength = long ? view.getUint32(8, true) : view.getUint16(8, true);
  const start = (long ? 12 : 10) + headerLength;
  const header = new TextDecoder().decode(bytes.subarray(long ? 12 : 10, start));
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  if (descr !== '<f4') throw new Error(`the clip must be float32 ('<f4'), found '${descr ?? '?'}'`);
  if (/'fortran_order':\s*True/.test(header)) throw new Error('the clip must be in C order');
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '';
  const dims = shape.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const count = dims.reduce((a, b) => a * b, 1);
  if (buffer.byteLength - start < count * 4) throw new Error(`the clip is truncated: ${count} values declared`);
  // Copied, so the values are aligned whatever the header length.
  return { dims, data: new Float32Array(buffer.slice(start, start + count * 4)) };
}

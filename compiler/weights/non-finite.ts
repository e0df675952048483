/**
 * Tensors of a checkpoint that hold NaN or infinite values: a float whose exponent bits are all ones.
 * Read from the raw bytes (F32 and F16), without converting anything.
 */
import type { SafetensorsFile } from './safetensors.js';

export interface NonFinite {
  readonly name: string;
  readonly count: number;
}

export function nonFiniteTensors(file: SafetensorsFile): NonFinite[] {
  const out: NonFinite[] = [];
  const view = new DataView(file.data.buffer, file.data.byteOffset, file.data.byteLength);
  for (const e of file.entries) {
    let count = 0;
    if (e.dtype === 'F32') {
      for (let o = e.begin; o + 4 <= e.end; o += 4) if ((view.getUint32(o, true) & 0x7f800000) === 0x7f800000) count++;
    } else if (e.dtype === 'F16') {
      for (let o = e.begin; o + 2 <= e.end; o += 2) if ((view.getUint16(o, true) & 0x7c00) === 0x7c00) count++;
    }
    if (count > 0) out.push({ name: e.name, count });
  }
  return out;
}

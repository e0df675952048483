import type { OnnxTensor } from './lower/context.js';
import { tensorDTypeToOnnx } from './dtype.js';
import type { ITensorProto } from './proto.js';

/**
 * TensorProto for a constant or initializer. Data goes to `raw_data` (little-endian, as ONNX
 * requires), which is compact and what onnxruntime reads fastest.
 */
export function emitTensor(name: string, tensor: OnnxTensor): ITensorProto {
  return {
    name,
    dataType: tensorDTypeToOnnx(tensor.dtype),
    dims: [...tensor.dims],
    rawData: littleEndianBytes(tensor.data),
  };
}

/** The bytes of a typed array in little-endian order (a view, no copy, on little-endian hosts). */
export function littleEndianBytes(data: OnnxTensor['data']): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (HOST_LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1) return bytes;
  const swapped = new Uint8Array(bytes.length);
  const width = data.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += width) {
    for (let j = 0; j < width; j++) swapped[i + j] = bytes[i + width - 1 - j] ?? 0;
  }
  return swapped;
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

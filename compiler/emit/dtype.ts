import type { DType } from '../ir/graph.js';
import type { OnnxDType } from './lower/context.js';
import { onnx } from './proto.js';

const DataType = onnx.TensorProto.DataType;

/** The TensorProto element type of an IR value's dtype. */
export function irDTypeToOnnx(dtype: DType): number {
  switch (dtype) {
    case 'f32':
      return DataType.FLOAT;
    case 'f16':
      return DataType.FLOAT16;
    case 'i64':
      return DataType.INT64;
    case 'bool':
      return DataType.BOOL;
    case 'u8':
      return DataType.UINT8;
    default:
      return unreachable(dtype);
  }
}

/** The TensorProto element type of a lowering's constant. */
export function tensorDTypeToOnnx(dtype: OnnxDType): number {
  switch (dtype) {
    case 'float32':
      return DataType.FLOAT;
    case 'float16':
      return DataType.FLOAT16;
    case 'int64':
      return DataType.INT64;
    case 'int32':
      return DataType.INT32;
    case 'int8':
      return DataType.INT8;
    case 'uint8':
      return DataType.UINT8;
    case 'bool':
      return DataType.BOOL;
    default:
      return unreachable(dtype);
  }
}

function unreachable(x: never): never {
  throw new Error(`unknown dtype ${String(x)}`);
}

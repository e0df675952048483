import type { TritonDataType } from './config.js';

/** ONNX TensorProto.DataType -> Triton's DataType (model_config.proto). */
const BY_ONNX: Readonly<Record<number, TritonDataType>> = {
  1: 'TYPE_FP32',
  2: 'TYPE_UINT8',
  3: 'TYPE_INT8',
  4: 'TYPE_UINT16',
  5: 'TYPE_INT16',
  6: 'TYPE_INT32',
  7: 'TYPE_INT64',
  8: 'TYPE_STRING',
  9: 'TYPE_BOOL',
  10: 'TYPE_FP16',
  11: 'TYPE_FP64',
  12: 'TYPE_UINT32',
  13: 'TYPE_UINT64',
  16: 'TYPE_BF16',
};

export function tritonDataType(onnxElemType: number): TritonDataType | undefined {
  return BY_ONNX[onnxElemType];
}

import type { OnnxAttr, OnnxTensor } from './lower/context.js';
import { onnx, type IAttributeProto } from './proto.js';
import { emitTensor } from './tensor.js';

const AttributeType = onnx.AttributeProto.AttributeType;

/**
 * AttributeProto for one lowering attribute. Numbers are INT when integral and FLOAT otherwise,
 * unless `name` is one ONNX declares as float (epsilon, alpha, ...), so `epsilon: 1` stays a float.
 */
export function emitAttribute(name: string, value: OnnxAttr): IAttributeProto {
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'number') {
    return isFloatAttr(name, value) ? { name, type: AttributeType.FLOAT, f: value } : { name, type: AttributeType.INT, i: value };
  }
  if (isTensor(value)) return { name, type: AttributeType.TENSOR, t: emitTensor('', value) };
  if (value.every((v): v is string => typeof v === 'string')) {
    return { name, type: AttributeType.STRINGS, strings: value.map((s) => new TextEncoder().encode(s)) };
  }
  const numbers = value as readonly number[];
  return FLOAT_ATTRS.has(name) || !numbers.every(Number.isInteger)
    ? { name, type: AttributeType.FLOATS, floats: [...numbers] }
    : { name, type: AttributeType.INTS, ints: [...numbers] };
}

/** Attributes of the operators vnet emits whose ONNX type is float or floats. */
const FLOAT_ATTRS: ReadonlySet<string> = new Set([
  'epsilon',
  'momentum',
  'alpha',
  'beta',
  'gamma',
  'value_float',
  'value_floats',
  'min',
  'max',
  'bias',
  'lambd',
]);

function isFloatAttr(name: string, value: number): boolean {
  return FLOAT_ATTRS.has(name) || !Number.isInteger(value);
}

function isTensor(value: OnnxAttr): value is OnnxTensor {
  return typeof value === 'object' && !Array.isArray(value) && 'dims' in value;
}

import type { ScalarArithOp } from '../../ir/graph.js';
import { scalarF32 } from './constants.js';
import type { Lowering } from './context.js';
import { emit1 } from './emit1.js';
import { inputName } from './inputs.js';

/** sub -> Sub, mul -> Mul, div -> Div (NumPy broadcasting, as in the IR). */
export const lowerSub: Lowering<'sub'> = (node, ctx) => [emit1(ctx, 'Sub', [inputName(node, ctx, 0), inputName(node, ctx, 1)])];
export const lowerMul: Lowering<'mul'> = (node, ctx) => [emit1(ctx, 'Mul', [inputName(node, ctx, 0), inputName(node, ctx, 1)])];
export const lowerDiv: Lowering<'div'> = (node, ctx) => [emit1(ctx, 'Div', [inputName(node, ctx, 0), inputName(node, ctx, 1)])];

const ONNX_OP: Readonly<Record<ScalarArithOp, string>> = { add: 'Add', sub: 'Sub', mul: 'Mul', div: 'Div' };

/** x * 0.5 -> Mul(x, 0.5); 1 - x -> Sub(1, x): the number a 0-d constant, on the side it was written. */
export const lowerScalarArith: Lowering<'scalar_arith'> = (node, ctx) => {
  const { op, value, numberFirst } = node.attrs;
  const x = inputName(node, ctx);
  const number = scalarF32(ctx, 'number', value);
  return [emit1(ctx, ONNX_OP[op], numberFirst ? [number, x] : [x, number])];
};

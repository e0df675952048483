import type { Lowering } from './context.js';
import { emit1 } from './emit1.js';
import { inputName } from './inputs.js';

/** relu -> Relu */
export const lowerRelu: Lowering<'relu'> = (node, ctx) => [emit1(ctx, 'Relu', [inputName(node, ctx)])];

/** sigmoid -> Sigmoid */
export const lowerSigmoid: Lowering<'sigmoid'> = (node, ctx) => [emit1(ctx, 'Sigmoid', [inputName(node, ctx)])];

/** identity -> Identity (the identity pass usually removes these before emission). */
export const lowerIdentity: Lowering<'identity'> = (node, ctx) => [emit1(ctx, 'Identity', [inputName(node, ctx)])];

/** softmax -> Softmax over one axis (opset 13+ semantics). */
export const lowerSoftmax: Lowering<'softmax'> = (node, ctx) => [emit1(ctx, 'Softmax', [inputName(node, ctx)], { axis: node.attrs.axis })];

/** add -> Add (NumPy broadcasting, as in the IR). */
export const lowerAdd: Lowering<'add'> = (node, ctx) => [emit1(ctx, 'Add', [inputName(node, ctx, 0), inputName(node, ctx, 1)])];

/** transpose -> Transpose */
export const lowerTranspose: Lowering<'transpose'> = (node, ctx) => [emit1(ctx, 'Transpose', [inputName(node, ctx)], { perm: node.attrs.perm })];

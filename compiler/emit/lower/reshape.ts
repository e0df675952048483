import type { Lowering } from './context.js';
import { inputName, inputValue, outputValue } from './inputs.js';
import { emitReshape } from './reshape-target.js';
import type { IRNode } from '../../ir/graph.js';
import type { LowerContext } from './context.js';

/** A reshape to the output value's IR shape: the batch dim stays symbolic (-1 or 0 in the shape). */
function reshapeToOutput(node: IRNode, ctx: LowerContext): string[] {
  return [emitReshape(ctx, inputName(node, ctx), inputValue(node, ctx).shape, outputValue(node, ctx).shape)];
}

/** frames: [N, T, ...] -> [N*T, ...] */
export const lowerFrames: Lowering<'frames'> = reshapeToOutput;

/** unframes: [N*T, ...] -> [N, T, ...] */
export const lowerUnframes: Lowering<'unframes'> = reshapeToOutput;

/** flatten(axis): the axes from `axis` on merged into one (torch.flatten(start_dim=axis)). */
export const lowerFlatten: Lowering<'flatten'> = reshapeToOutput;

/** reshape: to the IR shape. */
export const lowerReshape: Lowering<'reshape'> = reshapeToOutput;

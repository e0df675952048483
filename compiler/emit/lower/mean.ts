import { dimDiv } from '../../ir/dim.js';
import type { Lowering } from './context.js';
import { inputName, inputValue } from './inputs.js';
import { emitReduceMean } from './reduce-mean.js';
import { emitReshape } from './reshape-target.js';

/** mean(axes) -> ReduceMean(keepdims 0). */
export const lowerMean: Lowering<'mean'> = (node, ctx) => [emitReduceMean(ctx, inputName(node, ctx), node.attrs.axes, false)];

/** consensus: [N*T, ...] -> Reshape [N, T, ...] -> ReduceMean(axis 1, keepdims 0) -> [N, ...]. */
export const lowerConsensus: Lowering<'consensus'> = (node, ctx) => {
  const shape = inputValue(node, ctx).shape;
  const [batch, ...rest] = shape;
  const clips = batch === undefined ? undefined : dimDiv(batch, node.attrs.frames);
  if (clips === undefined) throw new Error(`axis 0 is not a multiple of T = ${node.attrs.frames}`);
  const clipsFirst = emitReshape(ctx, inputName(node, ctx), shape, [clips, node.attrs.frames, ...rest], 'reshape');
  return [emitReduceMean(ctx, clipsFirst, [1], false, 'mean')];
};

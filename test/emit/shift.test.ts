import { describe, expect, it } from 'vitest';
import { sym } from '../../compiler/ir/dim.js';
import type { IRGraph } from '../../compiler/ir/graph.js';
import { GraphMaker, checkWithOnnx, emitBytes, hasPythonOnnx, maxAbsDiff, opTypes, randomTensor, runModel } from './helpers.js';
import { naiveShift } from './reference.js';

const N = sym('N');

function shiftGraph(frames: number, channels: number, size: number, fold: number, direction: 'both' | 'past'): IRGraph {
  const g = new GraphMaker();
  const nt = { factor: frames, symbols: ['N'] };
  g.value('x', [nt, channels, size, size]);
  g.node('shift', 'layer1.0.shift', ['x'], { id: 'y', shape: [nt, channels, size, size] }, { frames, foldChannels: fold, direction });
  return g.build('shift_net', ['x'], ['y']);
}

describe('shift', () => {
  it.each([
    ['both', 4, 16, 2],
    ['both', 3, 8, 1],
    ['past', 4, 16, 2],
    ['both', 1, 8, 1],
    ['both', 4, 4, 2],
  ] as const)('%s, T=%i, C=%i, fold=%i matches the index-arithmetic reference', async (direction, frames, channels, fold) => {
    const bytes = emitBytes(shiftGraph(frames, channels, 3, fold, direction));
    for (const clips of [1, 2]) {
      const dims = [clips * frames, channels, 3, 3];
      const x = randomTensor(dims, 7 + clips);
      const { y } = await runModel(bytes, { x });
      expect(y?.dims).toEqual(dims);
      expect(maxAbsDiff(y!.data, naiveShift(x.data, dims, frames, fold, direction))).toBe(0);
    }
  });

  it('takes channels [0, fold) from frame t+1 and [fold, 2*fold) from frame t-1', async () => {
    // One clip of 3 frames, 3 channels of one pixel; x[t, c] = 10*t + c.
    const bytes = emitBytes(shiftGraph(3, 3, 1, 1, 'both'));
    const x = Float32Array.from([0, 1, 2, 10, 11, 12, 20, 21, 22]);
    const { y } = await runModel(bytes, { x: { data: x, dims: [3, 3, 1, 1] } });
    expect([...y!.data]).toEqual([10, 0, 2, 20, 1, 12, 0, 11, 22]);
  });

  it('emits no ScatterND and only shape-sized constants', () => {
    const types = opTypes(emitBytes(shiftGraph(8, 64, 56, 8, 'both')));
    expect(types).not.toContain('ScatterND');
    expect(new Set(types)).toEqual(new Set(['Reshape', 'Split', 'Slice', 'Pad', 'Concat']));
  });

  it('has the same size at 56x56 and 112x112', () => {
    const small = emitBytes(shiftGraph(8, 64, 56, 8, 'both')).length;
    const large = emitBytes(shiftGraph(8, 64, 112, 8, 'both')).length;
    expect(Math.abs(large - small)).toBeLessThan(16);
  });

  it.skipIf(!hasPythonOnnx())('passes onnx.checker with full_check', () => {
    expect(checkWithOnnx(emitBytes(shiftGraph(8, 64, 7, 8, 'both')))).toBe('');
    expect(checkWithOnnx(emitBytes(shiftGraph(8, 64, 7, 8, 'past')))).toBe('');
  });

  it('keeps N symbolic in the graph input', () => {
    const bytes = emitBytes(shiftGraph(8, 16, 4, 2, 'both'));
    expect(N.symbols).toEqual(['N']);
    return runModel(bytes, { x: randomTensor([24, 16, 4, 4]) }).then(({ y }) => expect(y?.dims).toEqual([24, 16, 4, 4]));
  });
});

import { describe, expect, it } from 'vitest';
import type { Dim } from '../../compiler/ir/dim.js';
import { GraphMaker, checkWithOnnx, emitBytes, hasPythonOnnx, maxAbsDiff, opTypes, randomTensor, runModel } from './helpers.js';
import { naiveShift } from './reference.js';

const T = 4;
const C = 16;
const F = 2;
const nt: Dim = { factor: T, symbols: ['N'] };

/** The shift rebuilt from the ops the shift-into-conv fusion leaves: slice, time_shift, concat. */
function splitShift() {
  const g = new GraphMaker();
  g.value('x', [nt, C, 2, 2]);
  const groups = [
    { start: 0, end: F, offset: 1 },
    { start: F, end: 2 * F, offset: -1 },
    { start: 2 * F, end: C, offset: 0 },
  ];
  const parts = groups.map(({ start, end, offset }) => {
    const part = g.untypedNode('slice', `x/slice${start}`, ['x'], { id: `x${start}`, shape: [nt, end - start, 2, 2] }, { axis: 1, start, end });
    if (offset === 0) return part;
    return g.untypedNode('time_shift', `shift${start}`, [part], { id: `s${start}`, shape: [nt, end - start, 2, 2] }, { frames: T, offset });
  });
  g.untypedNode('concat', 'concat', parts, { id: 'y', shape: [nt, C, 2, 2] }, { axis: 1 });
  return g.build('split_shift', ['x'], ['y']);
}

describe('ops added by passes (slice, time_shift, concat)', () => {
  it('rebuild the bi-directional shift exactly', async () => {
    const bytes = emitBytes(splitShift());
    expect(opTypes(bytes)).not.toContain('ScatterND');
    const dims = [2 * T, C, 2, 2];
    const x = randomTensor(dims, 5);
    const { y } = await runModel(bytes, { x });
    expect(maxAbsDiff(y!.data, naiveShift(x.data, dims, T, F, 'both'))).toBe(0);
  });

  it.skipIf(!hasPythonOnnx())('pass onnx.checker (full_check)', () => {
    expect(checkWithOnnx(emitBytes(splitShift()))).toBe('');
  });
});

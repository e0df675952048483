/**
 * In a browser (`--target web`) depthwise convolutions stay float (compiler/quantize/plan.ts: onnxruntime-web's
 * wasm runs uint8 depthwise convolutions about 2x slower than float ones); elsewhere they run int8, and the
 * 1x1 convolutions around them run int8 everywhere.
 */
import { describe, expect, it } from 'vitest';
import { emitModel } from '../../compiler/emit/emit.js';
import { encodeModel } from '../../compiler/emit/proto.js';
import { tableSource } from '../../compiler/optimize.js';
import { BROWSER_DEPTHWISE } from '../../compiler/quantize/plan.js';
import { applyInt8, type Int8Runtime } from '../../compiler/quantize/quantize.js';
import { GraphMaker, param, randomTensor, runModel } from '../emit/helpers.js';

const C = 8;

/** x -> 1x1 conv -> relu -> depthwise 3x3 -> relu -> 1x1 conv -> 1x1 conv -> y (which stays float), on [2, C, 6, 6]. */
function graph() {
  const g = new GraphMaker();
  const shape = [2, C, 6, 6];
  g.value('x', shape, 'f32');
  const conv = (groups: number, k: number) => ({
    spatialDims: 2 as const,
    outChannels: C,
    kernel: [k, k],
    stride: [1, 1],
    pads: new Array(4).fill((k - 1) / 2),
    dilation: [1, 1],
    groups,
  });
  g.node('conv', 'expand', ['x'], { id: 'e', shape }, conv(1, 1), { weight: param('expand.weight', [C, C, 1, 1]) });
  g.node('relu', 'relu_0', ['e'], { id: 'er', shape }, {});
  g.node('conv', 'depthwise', ['er'], { id: 'd', shape }, conv(C, 3), { weight: param('depthwise.weight', [C, 1, 3, 3]) });
  g.node('relu', 'relu_1', ['d'], { id: 'dr', shape }, {});
  g.node('conv', 'project', ['dr'], { id: 'p', shape }, conv(1, 1), { weight: param('project.weight', [C, C, 1, 1]) });
  g.node('conv', 'head', ['p'], { id: 'y', shape }, conv(1, 1), { weight: param('head.weight', [C, C, 1, 1]) });
  return g.build('mobile_block', ['x'], ['y']);
}

function weights(): Map<string, Float32Array> {
  return new Map([
    ['expand.weight', randomTensor([C, C, 1, 1], 3).data],
    ['depthwise.weight', randomTensor([C, 1, 3, 3], 4).data],
    ['project.weight', randomTensor([C, C, 1, 1], 5).data],
    ['head.weight', randomTensor([C, C, 1, 1], 6).data],
  ]);
}

const ranges = new Map(['x', 'e', 'er', 'd', 'dr', 'p', 'y'].map((id) => [id, { lo: -4, hi: 4 }]));

function quantized(runtime: Int8Runtime) {
  return applyInt8({ graph: graph(), weights: weights() }, ranges, [], runtime, () => {});
}

describe('int8 depthwise convolutions in a browser', () => {
  it('stay float with the reason in a browser; the 1x1 convolutions run int8', () => {
    const { plan } = quantized({ target: 'portable', browser: true });
    expect(plan.decisions.get('depthwise')).toEqual({ int8: false, why: BROWSER_DEPTHWISE });
    expect(plan.decisions.get('expand')).toMatchObject({ int8: true });
    expect(plan.decisions.get('project')).toMatchObject({ int8: true });
    // The 1x1 convolution after the float one reads uint8 again (a QuantizeLinear after the relu).
    expect(plan.values.has('dr')).toBe(true);
  });

  it('run int8 outside a browser', () => {
    const { plan } = quantized({ target: 'portable' });
    expect(plan.decisions.get('depthwise')).toMatchObject({ int8: true });
  });

  it('the browser model runs and stays within a few quantization steps of the int8 one', async () => {
    const x = { x: randomTensor([2, C, 6, 6], 7) };
    const run = async (runtime: Int8Runtime) => {
      const { module } = quantized(runtime);
      const emitted = emitModel(module.graph, { target: 'portable', weights: tableSource(module.weights) });
      return (await runModel(encodeModel(emitted.model!), x))['y']?.data as Float32Array;
    };
    const [browser, cpu] = await Promise.all([run({ target: 'portable', browser: true }), run({ target: 'portable' })]);
    const step = 8 / 255;
    let worst = 0;
    for (let i = 0; i < cpu.length; i++) worst = Math.max(worst, Math.abs((browser[i] as number) - (cpu[i] as number)));
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(6 * step);
  });
});

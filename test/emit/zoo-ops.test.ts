/**
 * The lowering of the video zoo's element-wise ops (activations, tensor arithmetic, concat) run on
 * onnxruntime CPU for each target, against PyTorch's definitions written out in plain JS, and the
 * ONNX operators each target writes (onnxruntime's fused QuickGelu for silu on ort-cpu/ort-cuda).
 */
import { describe, expect, it } from 'vitest';
import { sym } from '../../compiler/ir/dim.js';
import type { IRGraph, OpAttrs, OpName } from '../../compiler/ir/graph.js';
import type { Target } from '../../compiler/emit/lower/context.js';
import { GraphMaker, checkWithOnnx, emitBytes, hasPythonOnnx, maxAbsDiff, opTypes, randomTensor, runModel } from './helpers.js';

const N = sym('N');
const DIMS = [2, 3, 4, 5];
const TARGETS: readonly Target[] = ['portable', 'ort-cpu', 'ort-cuda'];

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const relu6 = (v: number) => Math.min(6, Math.max(0, v));

/** PyTorch's definitions (torch.nn.SiLU, Hardswish, Hardsigmoid, Tanh, LeakyReLU). */
const UNARY: ReadonlyArray<{ op: OpName; attrs: object; ref: (v: number) => number }> = [
  { op: 'silu', attrs: {}, ref: (v) => v * sigmoid(v) },
  { op: 'hardswish', attrs: {}, ref: (v) => (v * relu6(v + 3)) / 6 },
  { op: 'hardsigmoid', attrs: {}, ref: (v) => relu6(v + 3) / 6 },
  { op: 'tanh', attrs: {}, ref: Math.tanh },
  { op: 'leaky_relu', attrs: { slope: 0.2 }, ref: (v) => (v >= 0 ? v : 0.2 * v) },
];

function oneOp(op: OpName, attrs: object, inputs: Record<string, readonly (number | typeof N)[]>, out: readonly (number | typeof N)[]): IRGraph {
  const g = new GraphMaker();
  for (const [id, shape] of Object.entries(inputs)) g.value(id, shape);
  g.node(op, op, Object.keys(inputs), { id: 'y', shape: out }, attrs as OpAttrs[OpName]);
  return g.build('net', Object.keys(inputs), ['y']);
}

/** Inputs scaled to [-6, 6) so the hard ops' corners are crossed. */
function wide(seed: number, dims = DIMS) {
  const t = randomTensor(dims, seed);
  return { dims: t.dims, data: t.data.map((v) => v * 6) };
}

describe.each(TARGETS)('element-wise ops on --target %s', (target) => {
  it.each(UNARY)("$op equals PyTorch's definition", async ({ op, attrs, ref }) => {
    const bytes = emitBytes(oneOp(op, attrs, { x: [N, 3, 4, 5] }, [N, 3, 4, 5]), { target });
    const x = wide(7);
    const { y } = await runModel(bytes, { x });
    expect(maxAbsDiff(y?.data ?? [], x.data.map(ref))).toBeLessThan(1e-5);
  });

  it.each([
    { op: 'sub', ref: (a: number, b: number) => a - b },
    { op: 'mul', ref: (a: number, b: number) => a * b },
    { op: 'div', ref: (a: number, b: number) => a / b },
  ] as const)('$op broadcasts a [N, 3, 1, 1] operand', async ({ op, ref }) => {
    const bytes = emitBytes(oneOp(op, {}, { a: [N, 3, 4, 5], b: [N, 3, 1, 1] }, [N, 3, 4, 5]), { target });
    const a = wide(3);
    const b = { dims: [2, 3, 1, 1], data: wide(4, [2, 3, 1, 1]).data.map((v) => v + 7) };
    const { y } = await runModel(bytes, { a, b });
    const expected = a.data.map((v, i) => ref(v, b.data[Math.floor(i / 20)] as number));
    expect(maxAbsDiff(y?.data ?? [], expected)).toBeLessThan(1e-5);
  });

  it.each([
    { attrs: { op: 'sub', value: 1, numberFirst: true }, ref: (v: number) => 1 - v },
    { attrs: { op: 'mul', value: 0.5, numberFirst: false }, ref: (v: number) => v * 0.5 },
    { attrs: { op: 'div', value: 3, numberFirst: true }, ref: (v: number) => 3 / v },
    { attrs: { op: 'add', value: -2, numberFirst: false }, ref: (v: number) => v - 2 },
  ] as const)('a number and a tensor: $attrs.op (number first: $attrs.numberFirst)', async ({ attrs, ref }) => {
    const bytes = emitBytes(oneOp('scalar_arith', attrs, { x: [N, 3, 4, 5] }, [N, 3, 4, 5]), { target });
    const x = wide(9);
    const { y } = await runModel(bytes, { x });
    expect(maxAbsDiff(y?.data ?? [], x.data.map(ref))).toBeLessThan(1e-5);
  });

  it('concat joins channels in order', async () => {
    const bytes = emitBytes(oneOp('concat', { axis: 1 }, { a: [N, 3, 2], b: [N, 1, 2] }, [N, 4, 2]), { target });
    const a = { dims: [1, 3, 2], data: Float32Array.from([1, 2, 3, 4, 5, 6]) };
    const b = { dims: [1, 1, 2], data: Float32Array.from([7, 8]) };
    const { y } = await runModel(bytes, { a, b });
    expect([...(y?.data ?? [])]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('what each target writes', () => {
  const silu = oneOp('silu', {}, { x: [N, 3] }, [N, 3]);

  it("silu is Sigmoid then Mul where only standard ONNX may run, onnxruntime's QuickGelu (alpha 1) on ort-cpu and ort-cuda", () => {
    expect(opTypes(emitBytes(silu, { target: 'portable' }))).toEqual(['Sigmoid', 'Mul']);
    expect(opTypes(emitBytes(silu, { target: 'ort-cpu' }))).toEqual(['QuickGelu']);
    expect(opTypes(emitBytes(silu, { target: 'ort-cuda' }))).toEqual(['QuickGelu']);
  });

  it("hardsigmoid writes PyTorch's alpha 1/6 (ONNX's default is 0.2)", () => {
    expect(opTypes(emitBytes(oneOp('hardsigmoid', {}, { x: [N, 3] }, [N, 3])))).toEqual(['HardSigmoid']);
  });

  it.runIf(hasPythonOnnx())('the portable models pass onnx.checker', () => {
    for (const { op, attrs } of UNARY) expect(checkWithOnnx(emitBytes(oneOp(op, attrs, { x: [N, 3] }, [N, 3])))).toBe('');
    expect(checkWithOnnx(emitBytes(oneOp('mul', {}, { a: [N, 3, 2], b: [N, 3, 1] }, [N, 3, 2])))).toBe('');
    expect(checkWithOnnx(emitBytes(oneOp('scalar_arith', { op: 'sub', value: 1, numberFirst: true }, { x: [N, 3] }, [N, 3])))).toBe('');
  });
});

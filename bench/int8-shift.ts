/**
 * The micro-benchmark behind the int8 shift's lowering (compiler/emit/lower/shift-uint8.ts) and behind the
 * floor of int8 TSM / int8 TSN (docs/precision.md): the ways onnxruntime's CPU operators can move TSM's
 * uint8 shift, on the activation of one ResNet-50 stage, 8 frames, in the NHWC order onnxruntime's
 * QLinearConv runs in ([1, T, H*W, C], fold C/8):
 *   taps      one depthwise QLinearConv along time with one-hot taps (what vnet emits);
 *   copies    Split into the groups, Pad each moved group one frame over, Concat (the copy-based form);
 *   concat    the Concat of that form alone: any exact form materialises the shifted tensor once, and a
 *             Concat of ready groups is the cheapest such copy, so it bounds every exact lowering below;
 *   residual  one QLinearAdd of the same tensor (the residual sum every block has), for scale.
 * Each model chains 10 steps; the figures are onnxruntime's own kernel times per step (its profiler),
 * averaged over the runs. An exact int8 shift cannot cost less than `concat`: the partial convolutions
 * that hide the fp32 shift need their sums added in int32, which no onnxruntime uint8 kernel takes.
 *
 *   npm run build && node dist/bench/int8-shift.js [--runs 20]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OnnxTensor } from '../compiler/emit/lower/context.js';
import { encodeModel, onnx, type INodeProto, type ITensorProto } from '../compiler/emit/proto.js';
import { emitTensor } from '../compiler/emit/tensor.js';
import { emitValueInfo } from '../compiler/emit/value-info.js';
import { profileKernels } from './profile-kernels.js';
import { intFlag } from './stats.js';

const STEPS = 10;
const FRAMES = 8;

/** [channels, side] of the shift's input at each ResNet-50 stage (layer1 to layer4). */
const STAGES: readonly [number, number][] = [
  [256, 56],
  [512, 28],
  [1024, 14],
  [2048, 7],
];

type Variant = 'taps' | 'copies' | 'residual';

interface Step {
  readonly nodes: INodeProto[];
  readonly out: string;
}

const node = (opType: string, input: string[], output: string[], attrs: Record<string, number | number[]> = {}, domain = ''): INodeProto => ({
  opType,
  input,
  output,
  name: output[0] as string,
  domain,
  attribute: Object.entries(attrs).map(([name, v]) =>
    Array.isArray(v) ? { name, ints: v, type: onnx.AttributeProto.AttributeType.INTS } : { name, i: v, type: onnx.AttributeProto.AttributeType.INT },
  ),
});

function constants(channels: number): ITensorProto[] {
  const fold = channels / 8;
  const taps = new Int8Array(channels * 3);
  // [C, 1, 3, 1]: channels [0, f) read frame t+1, [f, 2f) frame t-1, the rest frame t.
  for (let c = 0; c < channels; c++) taps[c * 3 + (c < fold ? 2 : c < 2 * fold ? 0 : 1)] = 1;
  const t = (name: string, tensor: OnnxTensor) => emitTensor(name, tensor);
  const i64 = (values: number[]) => ({ dtype: 'int64' as const, dims: [values.length], data: BigInt64Array.from(values, BigInt) });
  return [
    t('scale', { dtype: 'float32', dims: [], data: Float32Array.of(0.05) }),
    t('zero', { dtype: 'uint8', dims: [], data: Uint8Array.of(128) }),
    t('taps', { dtype: 'int8', dims: [channels, 1, 3, 1], data: taps }),
    t('one', { dtype: 'float32', dims: [], data: Float32Array.of(1) }),
    t('tap_zero', { dtype: 'int8', dims: [], data: new Int8Array(1) }),
    t('groups', i64([fold, fold, channels - 2 * fold])),
    t('next', i64([0, -1, 0, 0, 0, 1, 0, 0])),
    t('prev', i64([0, 1, 0, 0, 0, -1, 0, 0])),
  ];
}

function step(variant: Variant, x: string, k: number, channels: number): Step {
  const o = (s: string) => `s${k}_${s}`;
  switch (variant) {
    case 'taps':
      // Written NCHW as vnet writes it; onnxruntime fuses DQ -> Conv -> Q into one NHWC QLinearConv and
      // cancels the Transposes between steps.
      return {
        nodes: [
          node('Transpose', [x], [o('nchw')], { perm: [0, 3, 1, 2] }),
          node('DequantizeLinear', [o('nchw'), 'scale', 'zero'], [o('dq')]),
          node('DequantizeLinear', ['taps', 'one', 'tap_zero'], [o('w')]),
          node('Conv', [o('dq'), o('w')], [o('conv')], { group: channels, kernel_shape: [3, 1], pads: [1, 0, 1, 0] }),
          node('QuantizeLinear', [o('conv'), 'scale', 'zero'], [o('q')]),
          node('Transpose', [o('q')], [o('y')], { perm: [0, 2, 3, 1] }),
        ],
        out: o('y'),
      };
    case 'copies':
      return {
        nodes: [
          node('Split', [x, 'groups'], [o('a'), o('b'), o('kept')], { axis: 3 }),
          node('Pad', [o('a'), 'next', 'zero'], [o('a1')]),
          node('Pad', [o('b'), 'prev', 'zero'], [o('b1')]),
          node('Concat', [o('a1'), o('b1'), o('kept')], [o('y')], { axis: 3 }),
        ],
        out: o('y'),
      };
    case 'residual':
      return {
        nodes: [node('QLinearAdd', [x, 'scale', 'zero', x, 'scale', 'zero', 'scale', 'zero'], [o('y')], {}, 'com.microsoft')],
        out: o('y'),
      };
  }
}

/** A float input quantized once, then STEPS steps on uint8, dequantized at the end. */
function chain(variant: Variant, channels: number, side: number): Uint8Array {
  const dims = [1, FRAMES, side * side, channels];
  const nodes: INodeProto[] = [node('QuantizeLinear', ['x', 'scale', 'zero'], ['q0'])];
  let current = 'q0';
  for (let k = 0; k < STEPS; k++) {
    const s = step(variant, current, k, channels);
    nodes.push(...s.nodes);
    current = s.out;
  }
  nodes.push(node('DequantizeLinear', [current, 'scale', 'zero'], ['y']));
  return encodeModel({
    irVersion: 8,
    opsetImport: [
      { domain: '', version: 17 },
      { domain: 'com.microsoft', version: 1 },
    ],
    graph: {
      name: `${variant}_chain`,
      input: [emitValueInfo('x', 'f32', dims)],
      output: [emitValueInfo('y', 'f32', dims)],
      initializer: constants(channels),
      node: nodes,
    },
  });
}

async function main(): Promise<void> {
  const runs = intFlag('--runs', 20);
  const dir = mkdtempSync(join(tmpdir(), 'vnet-int8-shift-'));
  try {
    process.stdout.write(`uint8 shift on onnxruntime CPU, 2 threads: kernel ms per step (profiler, ${runs} runs x ${STEPS} steps)\n\n`);
    process.stdout.write('activation [1, 8, H*W, C]      taps   copies (split+pad+concat)   concat alone   residual add   concat / taps\n');
    for (const [channels, side] of STAGES) {
      const per = async (variant: Variant) => {
        const kernels = await profileKernels(chain(variant, channels, side), { runs, dir, per: STEPS });
        kernels.delete('QuantizeLinear');
        kernels.delete('DequantizeLinear');
        return kernels;
      };
      const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
      const taps = sum(await per('taps'));
      const copies = await per('copies');
      const concat = copies.get('Concat') ?? 0;
      const residual = sum(await per('residual'));
      const label = `[1, 8, ${side * side}, ${channels}]`;
      process.stdout.write(
        `${label.padEnd(28)} ${taps.toFixed(3).padStart(6)}   ${sum(copies).toFixed(3).padStart(25)}   ${concat.toFixed(3).padStart(12)}   ${residual
          .toFixed(3)
          .padStart(12)}   ${(concat / taps).toFixed(2).padStart(13)}\n`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();

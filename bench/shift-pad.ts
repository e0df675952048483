/**
 * The micro-benchmark behind time_shift's lowering (compiler/emit/lower/time-shift.ts): onnxruntime's
 * Pad moving one frame along time, on the same data viewed as [N, T, C, H, W] and as [N, T, C*H*W]. Its
 * CPU kernel copies innermost rows one at a time, so the flat view copies a frame at once. Each model
 * chains 20 Pads (so one run's fixed cost is spread) over the shifted groups of TSM-ResNet50's stages.
 *
 *   npm run build && node dist/bench/shift-pad.js [--runs 30] [--threads 2]
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { encodeModel, onnx, type IModelProto } from '../compiler/emit/proto.js';
import { emitTensor } from '../compiler/emit/tensor.js';
import { emitValueInfo } from '../compiler/emit/value-info.js';
import { loadOrt } from '../ort/ort.js';
import { benchSessionOptions, deterministicData, intFlag, median } from './stats.js';

const ort = await loadOrt('to time models');

const CHAIN = 20;

/** [channels, side] of one moved group (fold 1/8) at each ResNet-50 stage, 8 frames. */
const GROUPS: readonly [number, number][] = [
  [32, 56],
  [64, 28],
  [128, 14],
  [256, 7],
];

function padChain(dims: readonly number[]): Uint8Array {
  const rank = dims.length;
  const pads = new Array<number>(2 * rank).fill(0);
  pads[1] = -1;
  pads[rank + 1] = 1;
  const node = Array.from({ length: CHAIN }, (_, k) => ({
    opType: 'Pad',
    input: [k === 0 ? 'x' : `y${k - 1}`, 'pads'],
    output: [k === CHAIN - 1 ? 'y' : `y${k}`],
    name: `pad${k}`,
    attribute: [{ name: 'mode', s: new TextEncoder().encode('constant'), type: onnx.AttributeProto.AttributeType.STRING }],
  }));
  const model: IModelProto = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'pad_chain',
      input: [emitValueInfo('x', 'f32', dims)],
      output: [emitValueInfo('y', 'f32', dims)],
      initializer: [emitTensor('pads', { dtype: 'int64', dims: [pads.length], data: BigInt64Array.from(pads, BigInt) })],
      node,
    },
  };
  return encodeModel(model);
}

/** Median microseconds per Pad over `runs` runs of the chain. */
async function perPad(dims: readonly number[], runs: number, threads: number): Promise<number> {
  const session = await ort.InferenceSession.create(padChain(dims), benchSessionOptions(threads));
  const x = new ort.Tensor('float32', deterministicData(dims.reduce((a, b) => a * b, 1)), [...dims]);
  for (let i = 0; i < 3; i++) await session.run({ x });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await session.run({ x });
    times.push(performance.now() - start);
  }
  await session.release();
  return (median(times) * 1000) / CHAIN;
}

async function main(): Promise<void> {
  const runs = intFlag('--runs', 30);
  const threads = intFlag('--threads', 2);
  process.stdout.write(`Pad of one frame along time, onnxruntime ${ort.env.versions.common} CPU, ${threads} threads (us per Pad, median of ${runs})\n\n`);
  process.stdout.write('group [1, 8, C, H, W]       5-D view   flat [1, 8, C*H*W]   ratio\n');
  for (const [c, side] of GROUPS) {
    const five = await perPad([1, 8, c, side, side], runs, threads);
    const flat = await perPad([1, 8, c * side * side], runs, threads);
    const label = `[1, 8, ${c}, ${side}, ${side}]`;
    process.stdout.write(`${label.padEnd(26)} ${five.toFixed(0).padStart(9)}   ${flat.toFixed(0).padStart(18)}   ${(five / flat).toFixed(1).padStart(5)}x\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();

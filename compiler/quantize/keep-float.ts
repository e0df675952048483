/** `--keep-float LAYERS`: layer names (or name prefixes: `layer4` is every layer under it) that stay float. */
import type { IRGraph, IRNode } from '../ir/graph.js';

export type KeepFloat = readonly string[];

/** The `--keep-float` entry that names this node, if any: the node itself or a layer it belongs to. */
export function keptBy(node: Pick<IRNode, 'name'>, keep: KeepFloat): string | undefined {
  return keep.find((k) => node.name === k || node.name.startsWith(`${k}.`));
}

/** The entries that name no layer of the network (a typo), for the error message. */
export function unknownLayers(graph: IRGraph, keep: KeepFloat): string[] {
  return keep.filter((k) => !graph.nodes.some((n) => keptBy(n, [k]) !== undefined));
}

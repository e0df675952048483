/**
 * `vnetc compile --online`: turns an offline network over clips of T frames into a one-frame
 * streaming model. Every value that held N*T frames holds N (one frame per stream); every past-only
 * shift becomes a cache_shift whose cache (the previous frame's shifted channels) is an extra input,
 * and whose new cache is an extra output, in the same order. A consensus that ends the network is
 * dropped: the model returns the current frame's logits and the runtime keeps the moving average.
 */
import { dimDiv } from '../ir/dim.js';
import { diagnose } from '../diagnostics/code.js';
import {
  OnlineBidirectionalShift,
  OnlineConsensusInside,
  OnlineNoShift,
  OnlineNoTimeInput,
  OnlineTemporalOp,
} from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { IRGraph, IRNode, IRValue } from '../ir/graph.js';
import type { CachePair } from '../../contract/caches.js';

export interface OnlineResult {
  readonly graph?: IRGraph;
  readonly caches: readonly CachePair[];
  readonly diagnostics: Diagnostic[];
}

/** Ops that look across frames, with the reason a stream cannot run them. */
const WHOLE_CLIP: Readonly<Record<string, string>> = {
  unframes: 'it regroups frames into clips',
  time_embed: 'it adds a different embedding for each frame position of the clip',
  reshape: 'it reshapes across the merged frame axis',
  transpose: 'it moves the merged frame axis',
  mean: 'it may average across frames',
  patch_embed: 'it embeds a whole clip',
};

export function makeOnline(graph: IRGraph): OnlineResult {
  const diagnostics: Diagnostic[] = [];
  const framesNode = graph.nodes.find((n) => n.op === 'frames' && graph.inputs.includes(n.inputs[0] as string));
  if (!framesNode || framesNode.op !== 'frames') {
    const input = graph.values[graph.inputs[0] ?? ''];
    return { caches: [], diagnostics: [diagnose(OnlineNoTimeInput, { network: graph.name }, input?.span)] };
  }
  const T = framesNode.attrs.frames;
  const clip = framesNode.inputs[0] as string;
  for (const node of graph.nodes) diagnostics.push(...whyNotStreamable(node, graph, clip, framesNode));
  if (diagnostics.some((d) => d.severity === 'error')) return { caches: [], diagnostics };

  const values: Record<string, IRValue> = {};
  for (const [id, v] of Object.entries(graph.values)) values[id] = perFrame(v, T);
  const clipValue = graph.values[clip] as IRValue;
  values[clip] = { ...clipValue, shape: [clipValue.shape[0] ?? 1, ...clipValue.shape.slice(2)], time: { length: 1, form: 'merged', axis: 0 } };

  const rename = new Map<string, string>([[framesNode.outputs[0] as string, clip]]);
  const nodes: IRNode[] = [];
  const caches: CachePair[] = [];
  const cacheNames = new Set<string>();
  let outputs = [...graph.outputs];
  for (const node of graph.nodes) {
    if (node === framesNode) continue;
    if (node.op === 'consensus') {
      // The final consensus: its input becomes the output, under the output's name.
      rename.set(node.inputs[0] as string, node.outputs[0] as string);
      values[node.outputs[0] as string] = { ...(values[node.inputs[0] as string] as IRValue), id: node.outputs[0] as string };
      continue;
    }
    if (node.op === 'shift') {
      const base = uniqueName(node.name.replace(/_\d+$/, ''), cacheNames);
      const pair = { input: `${base}.cache`, output: `${base}.cache_next` };
      const x = values[node.inputs[0] as string] as IRValue;
      const cacheShape = [x.shape[0] ?? 1, node.attrs.fold, ...x.shape.slice(2)];
      values[pair.input] = { ...x, id: pair.input, shape: cacheShape };
      values[pair.output] = { ...x, id: pair.output, shape: cacheShape };
      caches.push(pair);
      nodes.push({
        op: 'cache_shift',
        id: node.id,
        name: node.name,
        inputs: [node.inputs[0] as string, pair.input],
        outputs: [node.outputs[0] as string, pair.output],
        params: {},
        attrs: { fold: node.attrs.fold },
        span: node.span,
      });
      continue;
    }
    nodes.push(node);
  }
  const renamed = nodes.map((n) => ({ ...n, inputs: n.inputs.map((i) => rename.get(i) ?? i), outputs: n.outputs.map((o) => rename.get(o) ?? o) }) as IRNode);
  outputs = outputs.map((o) => rename.get(o) ?? o);
  for (const from of rename.keys()) if (from !== clip && !outputs.includes(from)) delete values[from];
  if (caches.length === 0) diagnostics.push(diagnose(OnlineNoShift, { network: graph.name }));
  return {
    graph: {
      ...graph,
      nodes: renamed,
      values,
      inputs: [...graph.inputs, ...caches.map((c) => c.input)],
      outputs: [...outputs, ...caches.map((c) => c.output)],
    },
    caches,
    diagnostics,
  };
}

function whyNotStreamable(node: IRNode, graph: IRGraph, clip: string, framesNode: IRNode): Diagnostic[] {
  if (node !== framesNode && node.inputs.includes(clip)) {
    return [diagnose(OnlineTemporalOp, { op: node.op, why: 'it reads the whole clip input' }, node.span)];
  }
  switch (node.op) {
    case 'shift':
      return node.attrs.direction === 'both' ? [diagnose(OnlineBidirectionalShift, {}, node.span)] : [];
    case 'consensus':
      return graph.outputs.includes(node.outputs[0] as string) ? [] : [diagnose(OnlineConsensusInside, {}, node.span)];
    case 'attention':
      return node.attrs.over === 'space' || node.attrs.over === 'width' || node.attrs.over === 'height'
        ? []
        : [diagnose(OnlineTemporalOp, { op: `attention(over=${node.attrs.over})`, why: 'it attends across frames' }, node.span)];
    default: {
      const why = WHOLE_CLIP[node.op];
      const timed = node.inputs.some((i) => graph.values[i]?.time !== undefined);
      return why && timed ? [diagnose(OnlineTemporalOp, { op: node.op, why }, node.span)] : [];
    }
  }
}

/** A value of N*T frames becomes one of N frames (one per stream). */
function perFrame(v: IRValue, T: number): IRValue {
  if (v.time?.form !== 'merged' || v.time.length !== T) return v;
  const batch = v.shape[0];
  const one = batch === undefined ? undefined : dimDiv(batch, T);
  if (one === undefined) return v;
  return { ...v, shape: [one, ...v.shape.slice(1)], time: { ...v.time, length: 1 } };
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

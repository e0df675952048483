/**
 * `vnetc compile --online`: turns an offline network over clips of T frames into a one-frame
 * streaming model. Every value that held N*T frames holds N (one frame per stream); every past-only
 * shift becomes a cache_shift whose cache (the previous frame's shifted channels) is an extra input,
 * and whose new cache is an extra output, in the same order. A consensus that ends the network is
 * dropped: the model returns the current frame's logits and the runtime keeps the moving average.
 */
import { dimDiv } from '../ir/dim.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { OnlineBidirectionalShift, OnlineConsensusInside, OnlineNoShift, OnlineNoTimeInput, OnlineTemporalOp } from '../../base/diagnostics/codes.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import type { IRGraph, IRNode, IRValue } from '../ir/graph.js';
import type { CachePair } from '../../contract/caches.js';
import { timeFact } from '../ir/ops/op-facts.js';
import { shiftChannelGroups } from '../ir/ops/shift.js';

export interface OnlineResult {
  readonly graph?: IRGraph;
  readonly caches: readonly CachePair[];
  readonly diagnostics: Diagnostic[];
}

export function makeOnline(graph: IRGraph): OnlineResult {
  const diagnostics: Diagnostic[] = [];
  const framesNode = graph.nodes.find((n) => n.op === 'frames' && graph.inputs.includes(n.inputs[0] as string));
  if (framesNode?.op !== 'frames') {
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
      // The cache holds the group a past-only shift reads from the previous frame.
      const pastGroup = shiftChannelGroups(node.attrs, Number(x.shape[1])).find((g) => g.offset === -1) ?? { start: 0, end: 0 };
      const cacheShape = [x.shape[0] ?? 1, pastGroup.end - pastGroup.start, ...x.shape.slice(2)];
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
        attrs: { foldChannels: pastGroup.end },
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
  if (node === framesNode) return [];
  const fact = timeFact(node);
  if (fact === undefined) {
    // No default lets an op through: one without stated facts may mix frames.
    return [diagnose(OnlineTemporalOp, { op: node.op, why: 'vnet has no facts about how it treats frames' }, node.span)];
  }
  switch (fact.kind) {
    case 'per-frame':
      return [];
    case 'moves-frames':
      return node.op === 'shift' && node.attrs.direction === 'both' ? [diagnose(OnlineBidirectionalShift, {}, node.span)] : [];
    case 'averages-frames':
      return graph.outputs.includes(node.outputs[0] as string) ? [] : [diagnose(OnlineConsensusInside, {}, node.span)];
    case 'mixes-frames': {
      // Only a value that holds frames (a time axis, or the tokens of several frames) has frames to mix.
      const holdsFrames = node.inputs.some((i) => graph.values[i]?.time !== undefined || (graph.values[i]?.tokens?.frames ?? 1) > 1);
      return holdsFrames ? [diagnose(OnlineTemporalOp, { op: opLabel(node), why: fact.why }, node.span)] : [];
    }
    default:
      return assertNever(fact);
  }
}

/** How a refusal names the op: attention says which axis it attends over. */
function opLabel(node: IRNode): string {
  return node.op === 'attention' ? `attention(over=${node.attrs.over})` : node.op;
}

function assertNever(value: never): never {
  throw new Error(`unexpected time fact ${JSON.stringify(value)}`);
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

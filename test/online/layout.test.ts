/**
 * The interface of a model compiled with `online: true`: the frame input first, then one cache input per
 * past-only shift; the current frame's logits first, then the new caches in the same order; readable
 * names from the shift's label; exact shapes; the pairs in the `vnet.online.caches` metadata; the final
 * consensus dropped. The passes keep the interface and remove the in-model copies of the caches.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';
import { decodeModel, type IModelProto, type IValueInfoProto } from '../../compiler/emit/proto.js';
import { CONTRACT_KEYS } from '../../contract/keys.js';
import type { ExplainNote } from '../../compiler/passes/pass.js';
import { TWO_BLOCKS, removeTempFiles, writeVnet } from './helpers.js';

afterAll(removeTempFiles);

function dims(v: IValueInfoProto): (string | number)[] {
  return (v.type?.tensorType?.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue)));
}

function signature(model: IModelProto): { inputs: string[]; outputs: string[] } {
  const show = (v: IValueInfoProto) => `${v.name} [${dims(v).join(', ')}]`;
  return { inputs: (model.graph?.input ?? []).map(show), outputs: (model.graph?.output ?? []).map(show) };
}

function metadata(model: IModelProto): Record<string, string> {
  return Object.fromEntries((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? '']));
}

function onnxOps(model: IModelProto): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of model.graph?.node ?? []) counts[n.opType ?? ''] = (counts[n.opType ?? ''] ?? 0) + 1;
  return counts;
}

const EXPECTED = {
  inputs: ['clip [N, 3, 8, 8]', 'layer.0.shift.cache [N, 2, 8, 8]', 'layer.1.shift.cache [N, 4, 4, 4]'],
  outputs: ['output [N, 5]', 'layer.0.shift.cache_next [N, 2, 8, 8]', 'layer.1.shift.cache_next [N, 4, 4, 4]'],
};

describe('the online model interface', () => {
  it.each([
    [0, 'portable'],
    [2, 'portable'],
    [2, 'ort-cpu'],
  ] as const)('-O%i %s: frame then caches in, logits then new caches out, pairs in the metadata', async (level, target) => {
    const result = await compileFile(writeVnet(TWO_BLOCKS), { online: true, level, target, verify: true });
    expect(result.diagnostics).toEqual([]);
    const model = decodeModel(result.bytes as Uint8Array);
    expect(signature(model)).toEqual(EXPECTED);
    expect(JSON.parse(metadata(model)[CONTRACT_KEYS.onlineCaches] ?? 'null')).toEqual([
      { input: 'layer.0.shift.cache', output: 'layer.0.shift.cache_next' },
      { input: 'layer.1.shift.cache', output: 'layer.1.shift.cache_next' },
    ]);
    // The final consensus is dropped: the first output is the current frame's logits.
    const graph = result.graph;
    expect(graph?.nodes.some((n) => n.op === 'consensus')).toBe(false);
    expect(graph?.nodes.filter((n) => n.op === 'cache_shift').map((n) => n.name)).toEqual(['layer.0.shift_0', 'layer.1.shift_1']);
    expect(graph?.nodes.some((n) => n.op === 'frames')).toBe(false);
  });

  it('-O0 copies each cache in the model (Slice + Concat per shift); -O2 reads and writes them in place', async () => {
    const plain = decodeModel((await compileFile(writeVnet(TWO_BLOCKS), { online: true, level: 0, target: 'portable' })).bytes as Uint8Array);
    const fused = await compileFile(writeVnet(TWO_BLOCKS), { online: true, level: 2, target: 'portable', verify: true });
    const optimized = decodeModel(fused.bytes as Uint8Array);
    expect(onnxOps(plain)).toMatchObject({ Slice: 4, Concat: 2 });
    const ops = onnxOps(optimized);
    expect(ops['Slice']).toBeUndefined();
    expect(ops['BatchNormalization']).toBeUndefined();
    // The new cache is the producer's own channel group, named by an Identity.
    expect(ops['Identity']).toBe(2);
    const nodes = optimized.graph?.node ?? [];
    const caches = ['layer.0.shift.cache', 'layer.1.shift.cache'];
    expect(nodes.filter((n) => (n.input ?? []).some((i) => caches.includes(i))).map((n) => n.opType)).toEqual(['Conv', 'Conv', 'Conv', 'Conv']);
    expect(nodes.filter((n) => (n.output ?? []).some((o) => o.endsWith('.cache_next'))).map((n) => n.opType)).toEqual(['Identity', 'Identity']);
    expect(fused.optimized?.graph.nodes.some((n) => n.op === 'cache_shift')).toBe(false);
  });

  // A conv that reads a residual sum of split values sums partial convs over its groups, so no feature map
  // is rebuilt between two shifted blocks around the strided 'down' conv; only the pooled [N, 16] vector
  // before the linear needs a Concat.
  it('-O2 leaves no feature-map Concat between two shifted blocks', async () => {
    const fused = await compileFile(writeVnet(TWO_BLOCKS), { online: true, level: 2, target: 'portable', verify: true });
    const concats = (fused.optimized?.graph.nodes ?? []).filter((n) => n.op === 'concat').map((n) => n.outputs[0]);
    expect(concats).toEqual(['global_avgpool_0']);
  });

  // As offline: on onnxruntime's CPU, partial convolutions over part of a channel block cost more than
  // the copy (TSM-MobileNetV2 online, folds of 2 to 20 channels: 8.7 ms a frame plain, 11.2 ms fused).
  it('-O2 on ort-cpu shifts caches narrower than a channel block plainly, saying why', async () => {
    const notes: ExplainNote[] = [];
    const result = await compileFile(writeVnet(TWO_BLOCKS), { online: true, level: 2, target: 'ort-cpu', verify: true, explain: (n) => notes.push(n) });
    expect(result.diagnostics).toEqual([]);
    expect(notes.filter((n) => n.pass === 'fuse-shift-conv').map((n) => [n.site, n.fired, n.reason])).toEqual([
      ['layer.0.shift_0', false, "fold of 2 channels is not a multiple of onnxruntime's CPU channel block (16): the plain shift is cheaper here"],
      ['layer.1.shift_1', false, "fold of 4 channels is not a multiple of onnxruntime's CPU channel block (16): the plain shift is cheaper here"],
    ]);
    expect(result.optimized?.graph.nodes.filter((n) => n.op === 'cache_shift').map((n) => n.name)).toEqual(['layer.0.shift_0', 'layer.1.shift_1']);
  });

  it('-O2 --target web shifts narrow caches plainly too, saying why; portable fuses them', async () => {
    const fused = (target: 'web' | 'portable') => {
      const notes: ExplainNote[] = [];
      return compileFile(writeVnet(TWO_BLOCKS), { online: true, level: 2, target, explain: (n) => notes.push(n) }).then(() =>
        notes.filter((n) => n.pass === 'fuse-shift-conv').map((n) => [n.site, n.fired, n.reason]),
      );
    };
    expect(await fused('web')).toEqual([
      ['layer.0.shift_0', false, 'fold of 2 channels is not a multiple of 16: in onnxruntime-web the plain shift is as fast and steadier here'],
      ['layer.1.shift_1', false, 'fold of 4 channels is not a multiple of 16: in onnxruntime-web the plain shift is as fast and steadier here'],
    ]);
    expect((await fused('portable')).map(([site, fired]) => [site, fired])).toEqual([
      ['layer.0.shift_0', true],
      ['layer.1.shift_1', true],
    ]);
  });
});

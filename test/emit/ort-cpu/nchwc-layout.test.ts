/**
 * `--target ort-cpu` lays TSM out in onnxruntime's NCHWc layout and keeps its time shifts there. The
 * proof that this is exact: a small TSM-ResNet50 (the real channel widths, so every fused group but
 * layer1.0's fills whole blocks) compiled with --cpu-layout blocked, with plain and at -O0 gives the
 * same outputs on onnxruntime CPU; and the runtime refuses a model laid out for another block size.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile, type CompileFileOptions } from '../../../compiler/compile.js';
import { nchwcBlockSize } from '../../../ort/nchwc-block.js';
import { layOutForOrtCpu } from '../../../compiler/emit/ort-cpu/nchwc-layout.js';
import { CONTRACT_KEYS } from '../../../contract/keys.js';

const NCHWC_BLOCK_KEY = CONTRACT_KEYS.nchwcBlock;
import { decodeGraph, decodeModel, encodeModel, type IModelProto } from '../../../compiler/emit/proto.js';
import type { ExplainNote } from '../../../compiler/passes/pass.js';
import { RuntimeError } from '../../../runtime/errors.js';
import { readModelMetadata } from '../../../contract/read-metadata.js';
import { openSession } from '../../../runtime/session.js';
import { EXAMPLES } from '../../conformance/harness.js';
import { TOLERANCE, runFirst, scaledMaxDiff, seededInput } from '../../passes/helpers.js';

const TSM = path.join(EXAMPLES, 'tsm_resnet50.vnet');
const SMALL = { T: '2', SIZE: '32', CLASSES: '10' };

async function compiled(options: CompileFileOptions, file = TSM): Promise<{ bytes: Uint8Array; notes: ExplainNote[] }> {
  const notes: ExplainNote[] = [];
  const result = await compileFile(file, { sets: SMALL, target: 'ort-cpu', explain: (n) => notes.push(n), ...options });
  expect(result.diagnostics).toEqual([]);
  return { bytes: result.bytes as Uint8Array, notes: notes.filter((n) => n.pass === 'ort-cpu-layout') };
}

describe('ort-cpu NCHWc layout', () => {
  it('keeps every block-filling time shift of TSM-ResNet50 free of reorders, with the same outputs', async () => {
    const block = await nchwcBlockSize();
    const blocked = await compiled({ level: 2 });
    const plain = await compiled({ level: 2, cpuLayout: 'plain' });
    const reference = await compiled({ level: 0 });

    // 15 fused shifts (layer1.0's fold of 8 stays a plain shift) of 2 groups of >= 32 channels each.
    const fired = blocked.notes.filter((n) => n.fired);
    expect(fired).toHaveLength(block > 0 ? 30 : 0);
    if (block > 0) {
      const { span, ...note } = fired[0] as ExplainNote;
      expect(note).toEqual({
        pass: 'ort-cpu-layout',
        site: 'layer1.1.shift_1[0:32]',
        fired: true,
        reason: `moves frames in onnxruntime's blocked layout (NCHWc block ${block}): no reorders`,
      });
      // layer1.0's shift is two Pads with one name: its note comes once (notes are gathered once each).
      const skipped = blocked.notes.filter((n) => !n.fired);
      expect(skipped.map((n) => `${n.site}: ${n.reason}`)).toEqual(["layer1.0.shift_0: it reads Split 'layer1.0.shift_0/split', which needs the plain layout"]);
      // The site's place comes with it, from the IR node the Pad was lowered from.
      expect(span && `${path.basename(span.file)}:${span.line}:${span.column}`).toBe('resnet.vnet:27:14');
      expect(readModelMetadata(blocked.bytes).get(NCHWC_BLOCK_KEY)).toBe(String(block));
      const nodes = decodeGraph(blocked.bytes).node;
      const reorders = nodes.filter((n) => n.opType?.startsWith('Reorder') && !n.name?.startsWith('vnet.nchwc_block_check'));
      // Left: layer1.0's plain shift (out of the layout and back) and the pooled features at the end.
      expect(reorders.map((n) => n.opType)).toEqual(['ReorderOutput', 'ReorderInput', 'ReorderOutput']);
      // The model checks the block size itself when another onnxruntime runs it (block-check.ts).
      expect(nodes.at(-1)).toMatchObject({ opType: 'Add', output: ['output'] });
    }
    // onnxruntime's own node numbering varies between runs; the written model does not.
    expect(Buffer.from((await compiled({ level: 2 })).bytes).equals(Buffer.from(blocked.bytes))).toBe(true);
    expect(plain.notes).toEqual([]);
    expect(readModelMetadata(plain.bytes).has(NCHWC_BLOCK_KEY)).toBe(false);
    expect(reference.notes).toEqual([]);

    const input = seededInput([1, 2, 3, 32, 32], 11);
    const expected = await runFirst(reference.bytes, input);
    for (const model of [blocked, plain]) {
      const out = await runFirst(model.bytes, input);
      expect(out.dims).toEqual(expected.dims);
      expect(scaledMaxDiff(out.data, expected.data)).toBeLessThanOrEqual(TOLERANCE);
    }
  }, 60_000);

  it('keeps the in-place placement blocked too: the residual sums and relus between shifts run on blocked data', async () => {
    const file = path.join(EXAMPLES, 'tsm_resnet50_inplace.vnet');
    const block = await nchwcBlockSize();
    const blocked = await compiled({ level: 2 }, file);
    const reference = await compiled({ level: 0 }, file);
    if (block > 0) {
      const count = new Map<string, number>();
      for (const n of blocked.notes) count.set(`${String(n.fired)} ${n.reason}`, (count.get(`${String(n.fired)} ${n.reason}`) ?? 0) + 1);
      expect(Object.fromEntries(count)).toEqual({
        [`true moves frames in onnxruntime's blocked layout (NCHWc block ${block}): no reorders`]: 26,
        // layer1.0's fold of 8 stays a plain shift (one note for its two Pads); layer4.2's shifted tensor is
        // rejoined whole for the pooling.
        "false it reads Split 'layer1.0.shift_0/split', which needs the plain layout": 1,
        "false its result reaches Concat 'layer4.2.shift_15/concat', which needs the plain layout": 4,
      });
    }
    const input = seededInput([1, 2, 3, 32, 32], 12);
    const expected = await runFirst(reference.bytes, input);
    expect(scaledMaxDiff((await runFirst(blocked.bytes, input)).data, expected.data)).toBeLessThanOrEqual(TOLERANCE);
  }, 60_000);

  it('leaves a model onnxruntime cannot load as it is, and says so', async () => {
    // A time-shift Pad reading a value nothing produces: onnxruntime refuses the graph.
    const broken: IModelProto = {
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: { name: 'g', node: [{ opType: 'Pad', input: ['nowhere', 'pads'], output: ['y'], name: 's[0:16]/next/pad' }], output: [{ name: 'y' }] },
    };
    const notes: ExplainNote[] = [];
    const span = { file: 'g.vnet', start: 0, end: 1, line: 1, column: 1, endLine: 1, endColumn: 2 };
    const provenance = new Map([['s[0:16]/next/pad', { op: 'time_shift' as const, name: 's[0:16]', time: 'moves-frames' as const, span }]]);
    const laid = await layOutForOrtCpu(broken, provenance, (n) => notes.push(n));
    expect(laid.model).toBe(broken);
    expect(laid.sites).toEqual([]);
    if ((await nchwcBlockSize()) > 0) {
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ pass: 'ort-cpu-layout', site: 'model', fired: false });
      expect(notes[0]?.reason).toMatch(/^onnxruntime could not lay the model out \(.+\); left as it is$/);
    }
  });

  it('is refused, saying what to do, on a CPU with another block size', async () => {
    const block = await nchwcBlockSize();
    const { bytes } = await compiled({ level: 2 });
    const model = decodeModel(bytes);
    model.metadataProps = model.metadataProps.map((p) => (p.key === NCHWC_BLOCK_KEY ? { key: p.key, value: '4' } : p));
    let error: unknown;
    try {
      await openSession(encodeModel(model), { name: 'tsm.onnx' });
    } catch (e) {
      error = e;
    }
    const cpu = block === 0 ? 'onnxruntime uses no NCHWc layout on this CPU' : `this CPU's block is ${block}`;
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe(
      `'tsm.onnx' is laid out for onnxruntime CPUs with NCHWc blocks of 4 channels, and ${cpu}: compile it again on this machine, or with --cpu-layout plain to run on any CPU`,
    );
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { emitModel } from '../../compiler/emit/emit.js';
import { decodeGraph } from '../../compiler/emit/proto.js';
import { sym } from '../../compiler/ir/dim.js';
import type { IRGraph } from '../../compiler/ir/graph.js';
import { GraphMaker, checkWithOnnx, emitBytes, hasPythonOnnx, maxAbsDiff, param, randomTensor, runModel } from './helpers.js';

const N = sym('N');

/** x -> conv -> relu6 -> gap -> fc -> y, with an extra identity output `feat`. */
function smallNet(): IRGraph {
  const g = new GraphMaker();
  g.value('x', [N, 3, 4, 4]);
  g.node(
    'conv',
    'stem.conv',
    ['x'],
    { id: 'c', shape: [N, 4, 4, 4] },
    { spatialDims: 2, outChannels: 4, kernel: [3, 3], stride: [1, 1], pads: [1, 1, 1, 1], dilation: [1, 1], groups: 1 },
    { weight: param('stem.conv.weight', [4, 3, 3, 3]) },
  );
  g.node('relu6', 'stem.act', ['c'], { id: 'r', shape: [N, 4, 4, 4] }, {});
  g.node('global_avgpool', 'pool', ['r'], { id: 'feat', shape: [N, 4] }, {});
  g.node('linear', 'fc', ['feat'], { id: 'logits', shape: [N, 2] }, { outFeatures: 2 }, { weight: param('fc.weight', [2, 4]), bias: param('fc.bias', [2]) });
  return g.build('small', ['x'], ['logits', 'feat'], { T: 8, FOLD: '1/8' });
}

describe('emitModel', () => {
  it('names inputs and outputs as declared, with symbolic dims as dim_param', () => {
    const graph = decodeGraph(emitBytes(smallNet()));
    expect(graph.name).toBe('small');
    expect(graph.input.map((i) => i.name)).toEqual(['x']);
    expect(graph.output.map((o) => o.name)).toEqual(['logits', 'feat']);
    const dims = graph.input[0]!.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue));
    expect(dims).toEqual(['N', 3, 4, 4]);
  });

  it('names nodes after IR nodes, suffixing extra ones, with the .vnet location in doc_string', () => {
    const graph = decodeGraph(emitBytes(smallNet()));
    expect(graph.node.map((n) => [n.name, n.opType, n.docString])).toEqual([
      ['stem.conv', 'Conv', 'test.vnet:2:5'],
      ['stem.act', 'Clip', 'test.vnet:3:5'],
      ['pool/pool', 'GlobalAveragePool', 'test.vnet:4:5'],
      ['pool', 'Flatten', 'test.vnet:4:5'],
      ['fc', 'Gemm', 'test.vnet:5:5'],
    ]);
    expect(graph.node.map((n) => n.output?.[0])).toEqual(['c', 'r', 'pool/pool_output_0', 'feat', 'logits']);
    expect(new Set(graph.node.map((n) => n.name)).size).toBe(graph.node.length);
  });

  it('keeps parameters under their hierarchical names', () => {
    const graph = decodeGraph(emitBytes(smallNet()));
    const inits = graph.initializer.map((t) => [t.name, (t.dims ?? []).map(Number)]);
    expect(inits).toContainEqual(['stem.conv.weight', [4, 3, 3, 3]]);
    expect(inits).toContainEqual(['fc.weight', [2, 4]]);
    expect(inits).toContainEqual(['fc.bias', [2]]);
  });

  it('writes producer, opset and metadata', () => {
    const result = emitModel(smallNet(), { target: 'portable', metadata: { 'vnet.source_sha256': 'abc', 'vnet.set.T': '8' } });
    const model = result.model!;
    expect(model.producerName).toBe('vnet');
    expect(model.producerVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(model.opsetImport).toEqual([{ domain: '', version: 17 }]);
    expect(Number(model.irVersion)).toBe(8);
    const meta = Object.fromEntries((model.metadataProps ?? []).map((p) => [p.key, p.value]));
    expect(meta).toMatchObject({
      'vnet.version': model.producerVersion,
      'vnet.network': 'small',
      'vnet.target': 'portable',
      'vnet.const.T': '8',
      'vnet.const.FOLD': '1/8',
      'vnet.source_sha256': 'abc',
      'vnet.set.T': '8',
    });
  });

  it.each([17, 18, 19, 20, 21])('runs at opset %i with the same result', async (opset) => {
    const x = randomTensor([2, 3, 4, 4]);
    const base = await runModel(emitBytes(smallNet()), { x });
    const other = await runModel(emitBytes(smallNet(), { opset }), { x });
    expect(maxAbsDiff(other.logits!.data, base.logits!.data)).toBe(0);
    expect(other.feat!.dims).toEqual([2, 4]);
  });

  it('rejects opsets outside 17..21', () => {
    const result = emitModel(smallNet(), { target: 'portable', opset: 16 });
    expect(result.model).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual(['VN406: --opset 16 is not supported: vnet emits ONNX opsets 17 to 21']);
  });

  it('reports an op it cannot lower at the node, and emits nothing', () => {
    const g = new GraphMaker();
    g.value('x', [N, 4, 2, 2]);
    g.node('shift', 'bad.shift', ['x'], { id: 'y', shape: [N, 4, 2, 2] }, { frames: 2, foldChannels: 3, direction: 'both' });
    const result = emitModel(g.build('bad', ['x'], ['y']), { target: 'portable' });
    expect(result.model).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.message, d.span?.line])).toEqual([
      ['VN408', "cannot lower shift 'bad.shift' to ONNX: fold 3 does not fit 4 channels", 2],
    ]);
  });

  it('lets a graph input be an output as it is', async () => {
    const g = new GraphMaker();
    g.value('x', [N, 3]);
    g.node('relu', 'r', ['x'], { id: 'y', shape: [N, 3] }, {});
    const graph = g.build('alias', ['x'], ['y', 'x']);
    const bytes = emitBytes(graph);
    const x = randomTensor([2, 3]);
    const out = await runModel(bytes, { x });
    expect(out.x?.data).toEqual(x.data);
  });

  it('renames a value whose id is a parameter name; the parameter keeps its name', async () => {
    const g = new GraphMaker();
    g.value('x', [N, 2]);
    g.node('linear', 'cls_token', ['x'], { id: 'cls_token', shape: [N, 2] }, { outFeatures: 2 }, { weight: param('cls_token', [2, 2]) });
    g.node('relu', 'act', ['cls_token'], { id: 'y', shape: [N, 2] }, {});
    const bytes = emitBytes(g.build('clash', ['x'], ['y']));
    const graph = decodeGraph(bytes);
    expect(graph.initializer.map((t) => t.name)).toContain('cls_token');
    expect(graph.node.map((n) => [n.opType, n.input, n.output])).toEqual([
      ['Gemm', ['x', 'cls_token'], ['cls_token/value']],
      ['Relu', ['cls_token/value'], ['y']],
    ]);
    const { y } = await runModel(bytes, { x: randomTensor([1, 2]) });
    expect(y?.dims).toEqual([1, 2]);
  });

  it('is deterministic: the same graph gives the same bytes', () => {
    expect(Buffer.from(emitBytes(smallNet())).equals(Buffer.from(emitBytes(smallNet())))).toBe(true);
  });

  it.skipIf(!hasPythonOnnx())('passes onnx.checker (full_check)', () => {
    expect(checkWithOnnx(emitBytes(smallNet()))).toBe('');
  });
});

import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { externalTensors } from '../../contract/external-tensors.js';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const EXTERNAL = onnx.TensorProto.DataLocation.EXTERNAL;

function external(name: string, dims: number[], entries: Record<string, string>, dataType = FLOAT): onnxProto.onnx.ITensorProto {
  return { name, dataType, dims, dataLocation: EXTERNAL, externalData: Object.entries(entries).map(([key, value]) => ({ key, value })) };
}

function encode(model: onnxProto.onnx.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

describe('externalTensors: the tensors of a model stored in data files, from its bytes', () => {
  it('finds initializers, sparse initializers, node attributes and subgraphs, with where their bytes end', () => {
    const body = { name: 'then', initializer: [external('deep', [2, 3], { location: 'sub.bin' })] };
    const bytes = encode({
      graph: {
        initializer: [
          external('w', [4], { location: 'm.onnx.data', offset: '64', length: '16' }),
          external('b', [3], { location: 'm.onnx.data', offset: '128' }),
          { name: 'inline', dataType: FLOAT, dims: [1], floatData: [1] },
        ],
        sparseInitializer: [
          {
            values: external('sv', [2], { location: 'sparse.bin' }, onnx.TensorProto.DataType.INT64),
            indices: { name: 'si', dataType: 7, dims: [2], int64Data: [0, 1] },
            dims: [4],
          },
        ],
        node: [
          {
            opType: 'Constant',
            output: ['c'],
            attribute: [{ name: 'value', type: 4, t: external('c', [5], { location: 'const.bin' }, onnx.TensorProto.DataType.UINT8) }],
          },
          { opType: 'If', input: ['cond'], output: ['y'], attribute: [{ name: 'then_branch', type: 5, g: body }] },
        ],
      },
    });
    expect(externalTensors(bytes)).toEqual({
      ok: true,
      value: [
        { name: 'c', location: 'const.bin', end: 5 },
        { name: 'deep', location: 'sub.bin', end: 24 },
        { name: 'w', location: 'm.onnx.data', end: 80 },
        { name: 'b', location: 'm.onnx.data', end: 140 },
        { name: 'sv', location: 'sparse.bin', end: 16 },
      ],
    });
  });

  it('sizes packed 4-bit tensors in whole bytes', () => {
    expect(
      externalTensors(
        encode({
          graph: {
            initializer: [external('q', [3], { location: 'q.bin' }, 22 as onnxProto.onnx.TensorProto.DataType /* INT4, newer than onnx-proto's enum */)],
          },
        }),
      ),
    ).toEqual({
      ok: true,
      value: [{ name: 'q', location: 'q.bin', end: 2 }],
    });
  });

  it('a model without external data has none; bad entries are a reason, not a guess', () => {
    expect(externalTensors(encode({ graph: { initializer: [{ name: 'x', dataType: FLOAT, dims: [1], floatData: [1] }] } }))).toEqual({ ok: true, value: [] });
    expect(externalTensors(encode({ graph: { initializer: [external('w', [4], {})] } }))).toEqual({
      ok: false,
      error: "tensor 'w' is external but names no location",
    });
    expect(externalTensors(encode({ graph: { initializer: [external('w', [4], { location: 'd', offset: '-1' })] } }))).toEqual({
      ok: false,
      error: "tensor 'w' gives no valid offset and length for its external data",
    });
    expect(externalTensors(encode({ graph: { initializer: [external('s', [1], { location: 'd' }, onnx.TensorProto.DataType.STRING)] } }))).toEqual({
      ok: false,
      error: "tensor 's' gives no valid offset and length for its external data",
    });
  });

  it('refuses graphs nested past 64 levels instead of recursing without end', () => {
    let graph: onnxProto.onnx.IGraphProto = { name: 'g' };
    for (let i = 0; i < 70; i++) graph = { node: [{ opType: 'If', attribute: [{ name: 'then_branch', type: 5, g: graph }] }] };
    expect(externalTensors(encode({ graph }))).toEqual({ ok: false, error: 'its graphs are nested more than 64 deep' });
  });
});

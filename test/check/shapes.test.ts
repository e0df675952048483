/** Shape inference of every operation, on the smallest network that shows it. */
import { describe, expect, it } from 'vitest';
import type { IRGraph } from '../../compiler/ir/graph.js';
import { graphOf, outputShape, pipeNet } from './helpers.js';

function shapeOf(input: string, pipe: string): string {
  return outputShape(graphOf(pipeNet(input, pipe)));
}

function lastNode(graph: IRGraph) {
  const node = graph.nodes[graph.nodes.length - 1];
  if (!node) throw new Error('no nodes');
  return node;
}

describe('convolutions', () => {
  it('conv2d follows the floor formula', () => {
    expect(shapeOf('N, 3, 32, 32', 'conv2d(8, k=3, stride=2, pad=1) as conv')).toBe('[N, 8, 16, 16]');
    expect(shapeOf('N, 3, 32, 32', 'conv2d(8, k=3, dilation=2) as conv')).toBe('[N, 8, 28, 28]');
    expect(shapeOf('N, 3, 224, 224', 'conv2d(64, k=7, stride=2, pad=3) as conv')).toBe('[N, 64, 112, 112]');
  });

  it('conv1d and conv3d take per-axis tuples', () => {
    expect(shapeOf('N, 4, 10', 'conv1d(8, k=3) as conv')).toBe('[N, 8, 8]');
    expect(shapeOf('N, 3, 8, 16, 16', 'conv3d(8, k=(3, 1, 1), pad=(1, 0, 0)) as conv')).toBe('[N, 8, 8, 16, 16]');
  });

  it('pad=same keeps the size; an even kernel pads one more at the end', () => {
    const g = graphOf(pipeNet('N, 3, 32, 32', 'conv2d(8, k=4, pad=same) as conv'));
    expect(outputShape(g)).toBe('[N, 8, 32, 32]');
    const node = lastNode(g);
    expect(node.op === 'conv' && node.attrs.pads).toEqual([1, 1, 2, 2]);
  });

  it('groups divide both channel counts; the weight holds C/groups inputs', () => {
    const g = graphOf(pipeNet('N, 32, 8, 8', 'conv2d(32, k=3, pad=1, groups=32, bias=false) as dw'));
    expect(lastNode(g).params.weight?.shape).toEqual([32, 1, 3, 3]);
    expect(lastNode(g).params.bias).toBeUndefined();
  });
});

describe('normalization, activations, pooling', () => {
  it('keep the shape', () => {
    for (const op of ['batchnorm as bn', 'relu', 'relu6', 'gelu', 'sigmoid', 'softmax(axis=1)', 'dropout(p=0.1)']) {
      expect(shapeOf('N, 4, 6, 6', op)).toBe('[N, 4, 6, 6]');
    }
    expect(shapeOf('N, 10, 6', 'layernorm(eps=1e-6) as ln')).toBe('[N, 10, 6]');
  });

  it('dropout is an identity node', () => {
    expect(lastNode(graphOf(pipeNet('N, 4', 'dropout(p=0.5)'))).op).toBe('identity');
  });

  it('pools use the floor formula; stride defaults to k', () => {
    expect(shapeOf('N, 64, 112, 112', 'maxpool(3, stride=2, pad=1)')).toBe('[N, 64, 56, 56]');
    expect(shapeOf('N, 8, 7, 7', 'avgpool(2)')).toBe('[N, 8, 3, 3]');
    expect(shapeOf('N, 8, 4, 4', 'global_avgpool')).toBe('[N, 8]');
  });
});

describe('reshaping', () => {
  it('flatten, linear, reshape, transpose, mean', () => {
    expect(shapeOf('N, 8, 4, 4', 'flatten')).toBe('[N, 128]');
    expect(shapeOf('N, 7, 12', 'linear(5) as fc')).toBe('[N, 7, 5]');
    expect(shapeOf('N, 4, 6', 'reshape(N, -1)')).toBe('[N, 24]');
    expect(shapeOf('N, 4, 6', 'reshape(N, 2, 12)')).toBe('[N, 2, 12]');
    expect(shapeOf('N, 4, 6', 'transpose(0, 2, 1)')).toBe('[N, 6, 4]');
    expect(shapeOf('N, 4, 6', 'mean(1)')).toBe('[N, 6]');
    expect(shapeOf('N, 4, 6, 2', 'mean((1, 2))')).toBe('[N, 2]');
  });

  it('mlp is linear fc1, gelu, linear fc2', () => {
    const g = graphOf(pipeNet('N, 5, 16', 'mlp(64) as mlp'));
    expect(outputShape(g)).toBe('[N, 5, 16]');
    expect(g.nodes.map((n) => `${n.op} ${n.name}`)).toEqual(['linear mlp.fc1', 'gelu mlp.act', 'linear mlp.fc2']);
    expect(outputShape(graphOf(pipeNet('N, 16', 'mlp(64, out=3) as head')))).toBe('[N, 3]');
  });

  it('+ broadcasts as NumPy does', () => {
    const g = graphOf('network net(a: f32[N, 4, 5], b: f32[5]) {\n  return a + b\n}\n');
    expect(outputShape(g)).toBe('[N, 4, 5]');
  });
});

describe('time', () => {
  it('frames merges T into the batch and remembers it', () => {
    const g = graphOf(pipeNet('N, 8, 3, 32, 32', 'frames'));
    expect(outputShape(g)).toBe('[8*N, 3, 32, 32]');
    expect(g.values[g.outputs[0] ?? '']?.time).toEqual({ length: 8, form: 'merged', axis: 0 });
  });

  it('ops that keep the batch keep the time axis; consensus and unframes use it', () => {
    expect(shapeOf('N, 8, 3, 32, 32', 'frames |> conv2d(4, k=3) as c |> global_avgpool |> linear(10) as fc |> consensus')).toBe('[N, 10]');
    expect(shapeOf('N, 8, 3, 32, 32', 'frames |> relu |> unframes')).toBe('[N, 8, 3, 32, 32]');
  });

  it('shift moves C // fold_div channels each way', () => {
    const node = (pipe: string) => lastNode(graphOf(pipeNet('N, 8, 64, 4, 4', `frames |> ${pipe}`)));
    expect(node('shift(fold=1/8)').attrs).toEqual({ frames: 8, foldChannels: 8, direction: 'both' });
    expect(node('shift(fold=1/4, dir=past)').attrs).toEqual({ frames: 8, foldChannels: 16, direction: 'past' });
    expect(node('shift(fold_div=3)').attrs).toEqual({ frames: 8, foldChannels: 21, direction: 'both' });
    expect(node('shift').attrs).toEqual({ frames: 8, foldChannels: 8, direction: 'both' });
  });
});

describe('tokens (TimeSformer)', () => {
  const embed = 'patch_embed(64, patch=16) as patch_embed |> cls_token as cls_token |> pos_embed as pos_embed';

  it('patch_embed, cls_token, pos_embed, time_embed', () => {
    expect(shapeOf('N, 3, 8, 32, 48', 'patch_embed(64, patch=16) as pe')).toBe('[N, 48, 64]');
    expect(shapeOf('N, 3, 8, 32, 48', `${embed}`)).toBe('[8*N, 7, 64]');
    expect(shapeOf('N, 3, 8, 32, 48', `${embed} |> time_embed as time_embed`)).toBe('[N, 49, 64]');
  });

  it('attention keeps shared tokens with cls, drops cls without', () => {
    const full = `${embed} |> time_embed as te`;
    expect(shapeOf('N, 3, 8, 32, 32', `${full} |> attention(4, over=space) as attn`)).toBe('[N, 33, 64]');
    expect(shapeOf('N, 3, 8, 32, 32', `${full} |> attention(4, over=time) as attn`)).toBe('[N, 32, 64]');
    expect(shapeOf('N, 3, 8, 32, 32', `${full} |> attention(4, over=all) as attn |> cls`)).toBe('[N, 64]');
  });

  it('a patch-only value adds to the patch tokens (add_patches)', () => {
    const g = graphOf(
      `network net(x: f32[N, 3, 8, 32, 32]) {\n  let t = x |> ${embed} |> time_embed as te\n  return t + (t |> attention(4, over=time) as attn)\n}\n`,
    );
    expect(outputShape(g)).toBe('[N, 33, 64]');
    expect(lastNode(g).op).toBe('add_patches');
  });

  it('space-only: per-frame attention, then consensus averages the frames into one', () => {
    const g = graphOf(pipeNet('N, 3, 8, 32, 32', `${embed} |> attention(4, over=space) as attn |> consensus |> layernorm as norm |> cls`));
    expect(outputShape(g)).toBe('[N, 64]');
    const averaged = g.nodes.find((n) => n.op === 'consensus');
    expect(g.values[averaged?.outputs[0] ?? '']?.tokens).toEqual({ frames: 1, height: 2, width: 2, cls: 'shared' });
  });
});

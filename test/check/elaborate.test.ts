/** Elaboration: blocks inlined with hierarchical names, loops unrolled, constants and --set, imports. */
import { describe, expect, it } from 'vitest';
import { check, codesAt, expectDiagnostics, graphOf, outputShape, paramNames } from './helpers.js';

const BOTTLENECK = `
block bottleneck(x: f32[B, C, H, W], planes: int, stride: int = 1) -> f32[B, planes*4, H/stride, W/stride] {
  let y = x
    |> shift(fold=1/8, dir=both)
    |> conv2d(planes, k=1, bias=false) as conv1 |> batchnorm as bn1 |> relu
    |> conv2d(planes, k=3, stride=stride, pad=1, bias=false) as conv2 |> batchnorm as bn2 |> relu
    |> conv2d(planes*4, k=1, bias=false) as conv3 |> batchnorm as bn3
  let id = x
  if stride != 1 || C != planes*4 {
    id = x |> conv2d(planes*4, k=1, stride=stride, bias=false) as downsample[0] |> batchnorm as downsample[1]
  }
  return relu(y + id)
}
`;

describe('a tiny TSM bottleneck stage', () => {
  const src = `${BOTTLENECK}
network tiny(clip: f32[N, 4, 8, 8, 8]) -> f32[N*4, 16, 4, 4] {
  let x = clip |> frames
  for i in 0..2 {
    let s = 1
    if i == 0 { s = 2 }
    x = x |> bottleneck(4, stride=s) as layer1[i]
  }
  return x
}
`;

  it('has torchvision names: layer1.0.conv1.weight, layer1.0.downsample.0.weight', () => {
    const g = graphOf(src);
    expect(outputShape(g)).toBe('[4*N, 16, 4, 4]');
    const bn = (p: string) => [`${p}.weight`, `${p}.bias`, `${p}.running_mean`, `${p}.running_var`];
    expect(paramNames(g)).toEqual([
      'layer1.0.conv1.weight',
      ...bn('layer1.0.bn1'),
      'layer1.0.conv2.weight',
      ...bn('layer1.0.bn2'),
      'layer1.0.conv3.weight',
      ...bn('layer1.0.bn3'),
      'layer1.0.downsample.0.weight',
      ...bn('layer1.0.downsample.1'),
      'layer1.1.conv1.weight',
      ...bn('layer1.1.bn1'),
      'layer1.1.conv2.weight',
      ...bn('layer1.1.bn2'),
      'layer1.1.conv3.weight',
      ...bn('layer1.1.bn3'),
    ]);
  });

  it('shifts 1/8 of the channels each way, in the residual branch only', () => {
    const g = graphOf(src);
    const shifts = g.nodes.filter((n) => n.op === 'shift');
    expect(shifts.map((n) => n.attrs)).toEqual([
      { frames: 4, foldChannels: 1, direction: 'both' },
      { frames: 4, foldChannels: 2, direction: 'both' },
    ]);
    const downsample = g.nodes.find((n) => n.name === 'layer1.0.downsample.0');
    expect(downsample?.inputs).toEqual(['frames_0']);
  });

  it('checks the declared return type with the bound dimension variables', () => {
    expectDiagnostics(
      `block b(x: f32[B, C, H, W]) -> f32[B, C, H/2, W/2] {\n  return x |> conv2d(C, k=3, pad=1) as conv\n}\nnetwork n(x: f32[N, 4, 8, 8]) {\n  return x |> b\n}\n`,
      ['VN310 2:10'],
    );
  });

  it('initializes like torchvision: kaiming conv, bn ones and zeros, running_var ones', () => {
    const conv = graphOf(src).nodes.find((n) => n.name === 'layer1.0.bn1');
    expect(conv?.params.running_var?.init).toEqual({ kind: 'ones' });
    expect(graphOf(src).nodes.find((n) => n.name === 'layer1.0.conv1')?.params.weight?.init).toEqual({ kind: 'kaiming_normal_fan_out' });
  });
});

describe('a tiny TimeSformer divided block', () => {
  const src = `
block divided_block(x: f32[B, L, D], heads: int) -> f32[B, L, D] {
  x = x + (x |> layernorm(eps=1e-6) as temporal_norm1 |> attention(heads, over=time) as temporal_attn |> linear(D) as temporal_fc)
  x = x + (x |> layernorm(eps=1e-6) as norm1 |> attention(heads, over=space) as attn)
  return x + (x |> layernorm(eps=1e-6) as norm2 |> mlp(4*D) as mlp)
}

network tiny(clip: f32[N, 3, 2, 32, 32]) -> f32[N, 5] {
  let x = clip
    |> patch_embed(16, patch=16) as patch_embed
    |> cls_token as cls_token
    |> pos_embed as pos_embed
    |> time_embed as time_embed
  x = x |> divided_block(4) as blocks[0]
  return x |> layernorm(eps=1e-6) as norm |> cls |> linear(5) as head
}
`;

  it('has the official names and shapes', () => {
    const g = graphOf(src);
    const params = Object.fromEntries(g.nodes.flatMap((n) => Object.values(n.params).map((p) => [p.name, p.shape])));
    expect(params).toEqual({
      'patch_embed.proj.weight': [16, 3, 16, 16],
      'patch_embed.proj.bias': [16],
      cls_token: [1, 1, 16],
      pos_embed: [1, 5, 16],
      time_embed: [1, 2, 16],
      'blocks.0.temporal_norm1.weight': [16],
      'blocks.0.temporal_norm1.bias': [16],
      'blocks.0.temporal_attn.qkv.weight': [48, 16],
      'blocks.0.temporal_attn.qkv.bias': [48],
      'blocks.0.temporal_attn.proj.weight': [16, 16],
      'blocks.0.temporal_attn.proj.bias': [16],
      'blocks.0.temporal_fc.weight': [16, 16],
      'blocks.0.temporal_fc.bias': [16],
      'blocks.0.norm1.weight': [16],
      'blocks.0.norm1.bias': [16],
      'blocks.0.attn.qkv.weight': [48, 16],
      'blocks.0.attn.qkv.bias': [48],
      'blocks.0.attn.proj.weight': [16, 16],
      'blocks.0.attn.proj.bias': [16],
      'blocks.0.norm2.weight': [16],
      'blocks.0.norm2.bias': [16],
      'blocks.0.mlp.fc1.weight': [64, 16],
      'blocks.0.mlp.fc1.bias': [64],
      'blocks.0.mlp.fc2.weight': [16, 64],
      'blocks.0.mlp.fc2.bias': [16],
      'norm.weight': [16],
      'norm.bias': [16],
      'head.weight': [5, 16],
      'head.bias': [5],
    });
  });

  it('adds the temporal step to the patch tokens only, the others to everything', () => {
    const ops = graphOf(src)
      .nodes.filter((n) => n.op === 'add' || n.op === 'add_patches')
      .map((n) => n.op);
    expect(ops).toEqual(['add_patches', 'add', 'add']);
  });

  it("uses TimeSformer's init for linears: trunc_normal(0.02) weights, zero biases", () => {
    const head = graphOf(src).nodes.find((n) => n.name === 'head');
    expect(head?.params.weight?.init).toEqual({ kind: 'trunc_normal', std: 0.02 });
    expect(head?.params.bias?.init).toEqual({ kind: 'zeros' });
  });
});

describe('constants', () => {
  const src = `
const T = 8
const HALF = T / 2
const FOLD: float = 1/8
const DEEP = T > 4
const MODE = past
network n(x: f32[N, T, 16, 4, 4]) {
  let y = x |> frames
  if DEEP { y = y |> shift(fold=FOLD, dir=MODE) }
  return y |> conv2d(HALF, k=1) as conv
}
`;

  it('are evaluated in any order and land in graph.constants', () => {
    const g = graphOf(src);
    expect(g.constants).toEqual({ T: 8, HALF: 4, FOLD: 0.125, DEEP: true, MODE: 'past' });
    expect(outputShape(g)).toBe('[8*N, 4, 4, 4]');
  });

  it('--set overrides parse as expressions, and dependents follow', () => {
    const g = graphOf(src, { sets: { T: '4', FOLD: '1/4', MODE: 'both' } });
    expect(g.constants).toEqual({ T: 4, HALF: 2, FOLD: 0.25, DEEP: false, MODE: 'both' });
    expect(g.nodes.some((n) => n.op === 'shift')).toBe(false);
    expect(graphOf(src, { sets: { T: '2*3' } }).constants.HALF).toBe(3);
  });

  it('--set keeps the type: an int for a float is fine, a word for an int is not', () => {
    expect(graphOf(src, { sets: { FOLD: '1' } }).constants.FOLD).toBe(1);
    const r = check(src, { sets: { T: 'eight' } });
    expect(codesAt(r)).toEqual(['VN003 -']);
    expect(r.diagnostics[0]?.message).toBe("bad --set 'T=eight': T is an int, but eight is a word");
    expect(codesAt(check(src, { sets: { T: '(' } }))).toEqual(['VN003 -']);
  });
});

describe('imports', () => {
  const files = {
    'lib/blocks.vnet': 'import "more/acts.vnet"\nconst WIDTH = 6\nblock head(x: f32[B, D]) -> f32[B, WIDTH] {\n  return x |> act |> linear(WIDTH) as fc\n}\n',
    'lib/more/acts.vnet': 'block act(x: f32[B, D]) -> f32[B, D] {\n  return x |> relu\n}\n',
  };

  it('resolve relative to the importing file, transitively', () => {
    const g = graphOf('import "lib/blocks.vnet"\nnetwork n(x: f32[N, 4]) {\n  return x |> head as cls\n}\n', { files });
    expect(outputShape(g)).toBe('[N, 6]');
    expect(paramNames(g)).toEqual(['cls.fc.weight', 'cls.fc.bias']);
  });

  it('report a missing file at the import path, in the importing file', () => {
    const r = check('import "lib/blocks.vnet"\nnetwork n(x: f32[N, 4]) {\n  return x\n}\n', { files: { 'lib/blocks.vnet': 'import "nope.vnet"\n' } });
    expect(r.diagnostics.map((d) => `${d.code} ${d.span?.file}:${d.span?.line}:${d.span?.column}`)).toEqual(['VN205 lib/blocks.vnet:1:8']);
    expect(r.diagnostics[0]?.message).toBe("cannot import 'nope.vnet': no file at 'lib/nope.vnet'");
  });

  it('name the whole cycle', () => {
    const r = check('import "a.vnet"\n', { files: { 'a.vnet': 'import "b.vnet"\n', 'b.vnet': 'import "main.vnet"\n' } });
    expect(r.diagnostics.map((d) => d.message)).toEqual(['import cycle: main.vnet -> a.vnet -> b.vnet -> main.vnet']);
  });

  it('detect two different definitions of one name', () => {
    const r = check('import "a.vnet"\nconst K = 2\nnetwork n(x: f32[N, K]) {\n  return x\n}\n', { files: { 'a.vnet': 'const K = 3\n' } });
    expect(codesAt(r)).toEqual(['VN203 2:7']);
  });
});

describe('names and labels', () => {
  it('an unnamed call gets a generated name and a warning', () => {
    const r = check('network n(x: f32[N, 4]) {\n  return x |> linear(2) |> linear(2)\n}\n');
    expect(codesAt(r)).toEqual(['VN220 2:15', 'VN220 2:28']);
    expect(r.graphs[0]?.nodes.map((n) => n.name)).toEqual(['linear_0', 'linear_1']);
  });

  it('index segments are evaluated: features[i + 1].conv[0]', () => {
    const g = graphOf('network n(x: f32[N, 4]) {\n  for i in 0..2 { x = x |> linear(4) as features[i + 1].conv[0] }\n  return x\n}\n');
    expect(paramNames(g)).toEqual(['features.1.conv.0.weight', 'features.1.conv.0.bias', 'features.2.conv.0.weight', 'features.2.conv.0.bias']);
  });

  it('keyword and positional arguments bind to block parameters', () => {
    const src = 'block b(x: f32[B, D], out: int, scale: int = 1) -> f32[B, out*scale] {\n  return x |> linear(out*scale) as fc\n}\n';
    expect(outputShape(graphOf(`${src}network n(x: f32[N, 4]) {\n  return b(x, 3, scale=2)\n}\n`))).toBe('[N, 6]');
    expect(outputShape(graphOf(`${src}network n(x: f32[N, 4]) {\n  return x |> b(scale=3, out=1)\n}\n`))).toBe('[N, 3]');
  });

  it('picks one network with `network`, and returns one graph per clean network', () => {
    const src = 'network a(x: f32[N, 4]) {\n  return x |> relu\n}\nnetwork b(x: f32[N, 4]) {\n  return x |> rel\n}\n';
    const all = check(src);
    expect(all.graphs.map((g) => g.name)).toEqual(['a']);
    expect(codesAt(all)).toEqual(['VN202 5:15']);
    expect(check(src, { network: 'a' }).graphs.map((g) => g.name)).toEqual(['a']);
  });
});

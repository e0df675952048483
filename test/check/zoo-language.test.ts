/**
 * What the video model zoo needs from the language (issue 23): concat, tensor arithmetic with
 * broadcasting and numbers, the new activations, keywords as labels, tuple block parameters and
 * `as .`, each on the smallest network that shows it, with the exact diagnostics of its mistakes.
 */
import { describe, expect, it } from 'vitest';
import { check, expectDiagnostics, graphOf, outputShape, paramNames, pipeNet } from './helpers.js';

function messages(src: string): string[] {
  return check(src).diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.column} ${d.message}${d.hint ? ` [${d.hint}]` : ''}`);
}

const SE = `
block se(x: f32[B, C, T, H, W], mid: int) -> f32[B, C, T, H, W] {
  let s = x
    |> avgpool((T, H, W))
    |> conv3d(mid, k=1) as block[0]
    |> relu
    |> conv3d(C, k=1) as block[2]
    |> sigmoid
  return x * s
}
`;

describe('concat', () => {
  it('joins along axis 1 by default; the other axes are kept', () => {
    const g = graphOf(`network net(x: f32[N, 8, 4, 6, 6], y: f32[N, 3, 4, 6, 6]) {\n  return concat(x, y, x)\n}\n`);
    expect(outputShape(g)).toBe('[N, 19, 4, 6, 6]');
    expect(g.nodes.map((n) => n.op)).toEqual(['concat']);
  });

  it('takes the pipeline value first, a torch.cat tuple, and a negative axis', () => {
    expect(outputShape(graphOf(`network net(x: f32[N, 8, 5]) {\n  return x |> concat(x, axis=-1)\n}\n`))).toBe('[N, 8, 10]');
    expect(outputShape(graphOf(`network net(x: f32[N, 8, 5]) {\n  return concat((x, x, x), axis=1)\n}\n`))).toBe('[N, 24, 5]');
  });

  it('keeps the time axis that frames set', () => {
    const g = graphOf(`network net(clip: f32[N, 4, 3, 8, 8]) {
  let x = clip |> frames
  return concat(x, x) |> consensus
}
`);
    expect(outputShape(g)).toBe('[N, 6, 8, 8]');
  });

  it('names the axis and both shapes when another axis differs', () => {
    expect(messages(`network net(x: f32[N, 8, 4, 6, 6], y: f32[N, 3, 2, 6, 6]) {\n  return concat(x, y)\n}\n`)).toEqual([
      'VN329 2:10 concat joins along axis 1, so every other axis must be equal, but input 1 is f32[N, 8, 4, 6, 6] and input 2 is f32[N, 3, 2, 6, 6]: they differ at axis 2 [only axis 1 may differ; pool or stride the inputs to one size first, or join along another axis (axis=...)]',
    ]);
    expectDiagnostics(`network net(x: f32[N, 8, 4], y: f32[N, 8]) {\n  return concat(x, y)\n}\n`, ['VN329 2:10']);
  });

  it('refuses an axis out of range, a non-tensor input, and no input', () => {
    expectDiagnostics(`network net(x: f32[N, 8]) {\n  return concat(x, x, axis=2)\n}\n`, ['VN315 2:28']);
    expectDiagnostics(`network net(x: f32[N, 8]) {\n  return concat(x, 3)\n}\n`, ['VN312 2:20']);
    expectDiagnostics(`network net(x: f32[N, 8]) {\n  return concat(axis=1)\n}\n`, ['VN208 2:10']);
  });
});

describe('tensor arithmetic', () => {
  it('multiplies a [B, C, T, H, W] tensor by a [B, C, 1, 1, 1] gate (squeeze-excitation)', () => {
    const g = graphOf(`${SE}network net(x: f32[N, 8, 4, 6, 6]) {\n  return x |> se(4) as se\n}\n`);
    expect(outputShape(g)).toBe('[N, 8, 4, 6, 6]');
    expect(g.nodes.map((n) => n.op)).toEqual(['avgpool', 'conv', 'relu', 'conv', 'sigmoid', 'mul']);
    expect(paramNames(g)).toEqual(['se.block.0.weight', 'se.block.0.bias', 'se.block.2.weight', 'se.block.2.bias']);
  });

  it('subtracts and divides with NumPy broadcasting', () => {
    const g = graphOf(`network net(x: f32[N, 8, 5], y: f32[8, 1]) {\n  return (x - y) / (y + x)\n}\n`);
    expect(outputShape(g)).toBe('[N, 8, 5]');
    expect(g.nodes.map((n) => n.op)).toEqual(['sub', 'add', 'div']);
  });

  it('combines a tensor with a number on either side, and negates', () => {
    const g = graphOf(`network net(x: f32[N, 8]) {\n  return (1 - x) * 0.5 + x / 4 - -x\n}\n`);
    const attrs = g.nodes.filter((n) => n.op === 'scalar_arith').map((n) => n.attrs);
    expect(attrs).toEqual([
      { op: 'sub', value: 1, numberFirst: true },
      { op: 'mul', value: 0.5, numberFirst: false },
      { op: 'div', value: 4, numberFirst: false },
      { op: 'mul', value: -1, numberFirst: false },
    ]);
    expect(g.nodes.map((n) => n.op)).toEqual(['scalar_arith', 'scalar_arith', 'scalar_arith', 'add', 'scalar_arith', 'sub']);
  });

  it('names both shapes and the axis when they do not broadcast', () => {
    expect(messages(`network net(x: f32[N, 8, 5], y: f32[N, 4, 5]) {\n  return x * y\n}\n`)).toEqual([
      'VN307 2:10 cannot multiply f32[N, 8, 5] and f32[N, 4, 5]: they differ at axis 1 (8 against 4), and neither is 1 [element-wise operands broadcast as in NumPy: each axis equal, or 1 on one side (a gate [B, C, 1, 1, 1] multiplies [B, C, T, H, W])]',
    ]);
  });

  it("says what is wrong in the user's words (VN311)", () => {
    expect(messages(`network net(x: f32[N, 4]) {\n  return x // x\n}\n`)).toEqual([
      "VN311 2:10 cannot apply '//' to tensor f32[N, 4] and tensor f32[N, 4]: '//' is for compile-time numbers; tensors take + - * / (element-wise, with NumPy broadcasting)",
    ]);
    expect(messages(`network net(x: f32[N, 4]) {\n  return x * "a"\n}\n`)).toEqual([
      `VN311 2:10 cannot apply '*' to tensor f32[N, 4] and string "a": a tensor combines with another tensor or a number, not a string`,
    ]);
    expect(messages(`const A = 1.5 + "a"\nnetwork net(x: f32[N, 4]) {\n  return x |> linear(2) as fc\n}\n`).find((m) => m.startsWith('VN311'))).toBe(
      `VN311 1:11 cannot apply '+' to float 1.5 and string "a": '+' joins a string with a string or an int; nothing else adds to a string`,
    );
  });

  it('combines token values of one layout and shape, and refuses others (VN330)', () => {
    const src = (expr: string) => `network net(clip: f32[N, 3, 2, 32, 32]) {
  let y = clip |> patch_embed(16, patch=16) as patch_embed
  let z = y |> cls_token as cls_token
  return ${expr} |> layernorm as norm |> linear(4) as head
}
`;
    expect(check(src('y * y - y / 2')).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // The token layouts are described by ir/ops/tokens.ts describeTokens.
    const [only, ...rest] = messages(src('y * z'));
    expect(rest).toEqual([]);
    expect(only).toMatch(/^VN330 4:10 cannot multiply .*\[N, 8, 16\] and .*\[2\*N, 5, 16\] \[token values combine element-wise/);
  });

  it('refuses a tensor divided by zero', () => {
    expectDiagnostics(`network net(x: f32[N, 4]) {\n  return x / 0\n}\n`, ['VN213 2:10']);
  });
});

describe('activations', () => {
  it.each(['silu', 'swish', 'hardswish', 'hardsigmoid', 'tanh', 'leaky_relu', 'leaky_relu(slope=0.2)'])('%s keeps the shape', (op) => {
    const g = graphOf(pipeNet('N, 8, 5', op));
    expect(outputShape(g)).toBe('[N, 8, 5]');
  });

  it('swish is silu; leaky_relu takes its slope', () => {
    expect(graphOf(pipeNet('N, 8', 'swish')).nodes.map((n) => n.op)).toEqual(['silu']);
    const leaky = graphOf(pipeNet('N, 8', 'leaky_relu')).nodes[0];
    expect(leaky?.op === 'leaky_relu' && leaky.attrs.slope).toBe(0.01);
  });
});

describe('names', () => {
  it('any word after `as` is a label, keywords included', () => {
    const g = graphOf(pipeNet('N, 8, 4, 4', 'conv2d(8, k=1) as block[0] |> conv2d(8, k=1) as in.float[1].as'));
    expect(paramNames(g)).toEqual(['block.0.weight', 'block.0.bias', 'in.float.1.as.weight', 'in.float.1.as.bias']);
  });

  it("a string in [...] spells one name segment, joined from text and ints (PySlowFast's pathway0_res1)", () => {
    const src = `network net(x: f32[N, 4]) {\n  for p in 0..2 {\n    x = x |> linear(4) as s2["pathway" + p + "_res" + 1].fc\n  }\n  return x\n}\n`;
    expect(paramNames(graphOf(src))).toEqual([
      's2.pathway0_res1.fc.weight',
      's2.pathway0_res1.fc.bias',
      's2.pathway1_res1.fc.weight',
      's2.pathway1_res1.fc.bias',
    ]);
  });

  it('a string segment must be one name (VN236)', () => {
    expect(messages(pipeNet('N, 4', 'linear(4) as s2["a.b"]'))).toEqual([
      'VN236 2:30 a label segment spelled by a string must be one name of letters, digits and _, found "a.b" [spell one segment per [...]: `as s2["pathway" + p + "_res" + i]` gives s2.pathway0_res1 for p = 0, i = 1]',
    ]);
  });

  it('a block parameter declared tuple passes k, stride and pad on', () => {
    const src = `block sep(x: f32[B, C, T, H, W], out: int, k: tuple = (1, 3, 3), pad: tuple = (0, 1, 1)) {
  return x |> conv3d(out, k=k, stride=(1, 2, 2), pad=pad, bias=false) as conv
}
network net(x: f32[N, 3, 4, 8, 8]) {
  return x |> sep(8) as a |> sep(8, k=(3, 1, 1), pad=(1, 0, 0)) as b
}
`;
    const g = graphOf(src);
    expect(outputShape(g)).toBe('[N, 8, 4, 2, 2]');
    expect(g.nodes.map((n) => n.params.weight?.shape)).toEqual([
      [8, 3, 1, 3, 3],
      [8, 8, 3, 1, 1],
    ]);
  });

  it('a tuple parameter refuses an int, naming the type', () => {
    expect(
      messages(
        `block sep(x: f32[B, C, H, W], k: tuple) {\n  return x |> conv2d(4, k=k) as conv\n}\nnetwork net(x: f32[N, 3, 8, 8]) {\n  return x |> sep(3) as s\n}\n`,
      ),
    ).toEqual(["VN304 5:19 argument 'k' of 'sep' must be a tuple such as (1, 3, 3), found int 3"]);
  });

  it('`as .` gives the operation the label of the block call around it', () => {
    const src = `block conv3d_simple(x: f32[B, C, T, H, W], out: int, stride: tuple = (1, 1, 1)) {
  return x |> conv3d(out, k=3, stride=stride, pad=1, bias=false) as .
}
network net(x: f32[N, 3, 4, 8, 8]) {
  return x |> conv3d_simple(8) as layer1[0].conv1[0] |> batchnorm as layer1[0].conv1[1]
}
`;
    expect(paramNames(graphOf(src))).toEqual([
      'layer1.0.conv1.0.weight',
      'layer1.0.conv1.1.weight',
      'layer1.0.conv1.1.bias',
      'layer1.0.conv1.1.running_mean',
      'layer1.0.conv1.1.running_var',
    ]);
  });

  it('`as .` outside a labelled block call is an error at the dot', () => {
    expect(messages(pipeNet('N, 8', 'linear(4) as .'))).toEqual([
      "VN235 2:28 'as .' names this operation by the label of the block call around it, but there is no such label here [use `as .` inside a block and label the call of the block (`x |> conv3d_simple(64) as conv1[0]`), or give the operation its own label]",
    ]);
  });

  it('two operations of one block called `as .` collide by name', () => {
    const src = `block twice(x: f32[B, C]) {\n  return x |> linear(C) as . |> linear(C) as .\n}\nnetwork net(x: f32[N, 4]) {\n  return x |> twice as t\n}\n`;
    expect(check(src).diagnostics.map((d) => d.code)).toEqual(['VN221']);
  });
});

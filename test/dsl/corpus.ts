/** Well-formed programs for round-trip and fixed-point tests, starting with docs/language.md's examples. */
export const corpus: Readonly<Record<string, string>> = {
  'language.md: first example': `# TSM-ResNet50 bottleneck, residual shift (paper: "residual shift is better at every ratio")
const T = 8
const FOLD = 1/8

block bottleneck(x: f32[B, C, H, W], planes: int, stride: int = 1) -> f32[B, planes*4, H/stride, W/stride] {
  let y = x
    |> shift(fold=FOLD, dir=both)
    |> conv2d(planes, k=1, bias=false) as conv1 |> batchnorm as bn1 |> relu
    |> conv2d(planes, k=3, stride=stride, pad=1, bias=false) as conv2 |> batchnorm as bn2 |> relu
    |> conv2d(planes*4, k=1, bias=false) as conv3 |> batchnorm as bn3
  let id = x
  if stride != 1 || C != planes*4 {
    id = x |> conv2d(planes*4, k=1, stride=stride, bias=false) as downsample[0] |> batchnorm as downsample[1]
  }
  return relu(y + id)
}
`,
  'language.md: imports and constants': `import "common/resnet.vnet"     # relative to this file; brings its constants and blocks into scope
const T = 8                 # int
const FOLD: float = 1/8     # declared type; the value must fit it
const ATTN = divided        # a word
const NAME = "tsm"          # a string
const DEEP = T > 4          # computed from other constants
`,
  'language.md: statements': `block stage(x: f32[B, C, H, W], y: f32[B, C, H, W]) -> f32[B, C, H, W] {
  let y = x |> relu            # a new value
  y = y |> conv2d(64, k=1)     # rebinding: later uses see the new value
  if SHIFT { y = y |> shift(fold=1/8) } else { y = y }   # compile-time condition; \`else if\` chains
  for i in 0..BLOCKS {          # unrolled at compile time
    let s = 1                    # let also binds compile-time numbers
    if i == 0 { s = STRIDE }
    x = x |> bottleneck(64, stride=s) as [i]   # label relative to the enclosing block call: layer1.0, layer1.1, ...
  }
  return y                     # the block's or network's result (exactly one, at the end)
}
`,
  'language.md: divided block': `block divided_block(x: f32[B, L, D], heads: int) -> f32[B, L, D] {
  x = x + (x |> layernorm(eps=1e-6) as temporal_norm1 |> attention(heads, over=time) as temporal_attn |> linear(D) as temporal_fc)
  x = x + (x |> layernorm(eps=1e-6) as norm1 |> attention(heads, over=space) as attn)
  return x + (x |> layernorm(eps=1e-6) as norm2 |> mlp(4*D) as mlp)
}
`,
  'network with labels and tuples': `network tsn_resnet50(clip: f32[N, T, 3, 224, 224]) -> f32[N, 400] {
  let x = clip |> frames |> conv2d(64, k=(1, 7, 7), stride=2, pad=3) as conv1 |> maxpool(3, stride=2, pad=1)
  x = x |> stage(64, 3) as layer1 |> stage(128, 4, stride=2) as layer2
  return x |> global_avgpool |> consensus |> linear(400) as fc
}
`,
  'precedence and parentheses': `const A = (1 + 2) * 3 - 4 / (5 - 6) // 7 % 8
const B = !(a && b) || c == d && e != f
const C = -(x + 1) * -y
const D = a - (b - c) - d
const E = (a < b) == (c >= d)
const F = f(x |> relu, (y |> g) + 1, k=(1, 2))
const G = "quote \\" backslash \\\\ newline \\n tab \\t"
const H = (0x10, 1_000, 1e-6, 2.5e3, true, false)
`,
  'else-if chains and empty bodies': `block b(x: f32[N], mode: word = past) -> f32[N] {
  if mode == past {
    x = x |> shift(dir=past)
  } else if mode == both {
    x = x |> shift(dir=both)
  } else if mode == none {
  } else {
    x = x
  }
  for i in 0..0 {}
  return x
}

network empty() {}
`,
  'labels of every shape': `block b(x: f32[N, C]) -> f32[N, C] {
  x = x |> linear(C) as features[i + 1].conv[0][0] |> linear(C) as [i] |> linear(C) as a.b.c
  return f(x) as head
}
`,
  'keywords as labels, as ., tuple parameters, tensor arithmetic, concat': `block se(x: f32[B, C, T, H, W], mid: int, k: tuple = (1, 1, 1)) -> f32[B, C, T, H, W] {
  let s = x |> avgpool((T, H, W)) |> conv3d(mid, k=k) as block[0] |> relu |> conv3d(C, k=k) as block[2] |> sigmoid
  return x * s
}

block simple(x: f32[B, C, T, H, W], out: int, stride: tuple = (1, 1, 1)) {
  return x |> conv3d(out, k=3, stride=stride, pad=1, bias=false) as .
}

network n(x: f32[N, 3, 4, 8, 8]) {
  let y = x |> simple(8) as in.float[0] |> se(4) as norm_b[1] |> silu
  return concat(y, 1 - y * 0.5, -y / 2, axis=1) |> leaky_relu(slope=0.2) |> global_avgpool
}
`,
  'preprocess section': `network tsm(clip: f32[N, 8, 3, 224, 224]) -> f32[N, 400] {
  # the TSN/TSM test pipeline
  preprocess {
    sampling = segments  # segment centres
    resize = 224 * 8 // 7

    crop = 224
    mean = (0.485, 0.456, 0.406)
    std = 0.225
  }
  return clip |> frames |> global_avgpool |> linear(400) as fc |> consensus
}
`,
};

"""PyTorch reference for examples/vivit_fe.vnet: the ViViT factorised encoder (Arnab et al., ICCV 2021).

The official model is JAX/flax (google-research/scenic, scenic/projects/vivit/model.py, `SpaceTimeViViT` with
attention_config.type = 'factorized_encoder'; configs/kinetics400/vivit_base_factorised_encoder.py). This is a
PyTorch module written for vnet's tests with the same computation and timm-style names (the names VideoMAE and
TimeSformer use), one per scenic parameter:

    scenic (flax)                                              this module (state_dict key, PyTorch layout)
    embedding (Conv, kernel [t, h, w, C, D])                   patch_embed.proj.{weight [D, C, t, h, w], bias}
    cls_SpatialTransformer [1, 1, D]                           spatial_transformer.cls_token
    SpatialTransformer/posembed_input/pos_embedding            spatial_transformer.pos_embed [1, 1 + h*w, D]
    SpatialTransformer/encoderblock_{i}/LayerNorm_0            spatial_transformer.blocks.{i}.norm1
    .../MultiHeadDotProductAttention_0/{query,key,value}       spatial_transformer.blocks.{i}.attn.qkv [3D, D] (rows q, k, v)
    .../MultiHeadDotProductAttention_0/out                     spatial_transformer.blocks.{i}.attn.proj
    .../LayerNorm_1                                            spatial_transformer.blocks.{i}.norm2
    .../MlpBlock_0/Dense_0, Dense_1                            spatial_transformer.blocks.{i}.mlp.fc1, mlp.fc2
    SpatialTransformer/encoder_norm                            spatial_transformer.norm
    cls_TemporalTransformer, TemporalTransformer/...           temporal_transformer.* (the same, 1 + T/t positions)
    output_projection                                          head

Facts kept from scenic: tubelet embedding (Conv3d, kernel = stride = 2x16x16 for ViViT-B); tokens of a frame in
(h, w) order; the spatial transformer runs on each token frame (jax.vmap over time, shared parameters) with a cls
token first and learned positions over 1 + h*w tokens; pre-norm blocks, LayerNorm eps 1e-6 (flax's default);
attention scale head_dim ** -0.5 with q, k, v and out biases; MLP with flax's default GELU, the tanh
approximation; the encoder's final LayerNorm, then the cls token (classifier 'token'); the temporal transformer
over the frames' cls tokens with its own cls token and positions; no pre_logits (representation_size None).

Usage (the reference-script contract of refs/zoo/):
    /usr/bin/python3 refs/zoo/vivit_fe.py --out DIR [--seed 0] [--frames 32] [--size 224] [--classes 400]
        [--variant b|tiny] [--batch 1] [--export]
writes DIR/state_dict.pth, DIR/clip.npy ([N, 3, T, H, W] float32), DIR/logits.npy, DIR/meta.json and, with
--export, DIR/model.onnx (torch.onnx.export of the same module, opset 17).
"""
import argparse
import json
import math
import os

import numpy as np
import torch
import torch.nn as nn

# name -> (hidden size, heads, mlp dim, spatial layers, temporal layers)
VARIANTS = {
    "b": (768, 12, 3072, 12, 4),
    "tiny": (48, 3, 96, 2, 2),
}
TUBELET = 2
PATCH = 16


class PatchEmbed(nn.Module):
    def __init__(self, dim, in_chans=3):
        super().__init__()
        self.proj = nn.Conv3d(in_chans, dim, kernel_size=(TUBELET, PATCH, PATCH), stride=(TUBELET, PATCH, PATCH))

    def forward(self, x):
        """[N, C, T, H, W] -> [N, T/t, (H/p)*(W/p), D]."""
        y = self.proj(x)
        return y.flatten(3).permute(0, 2, 3, 1)


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.scale = (dim // heads) ** -0.5
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, d = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0] * self.scale, qkv[1], qkv[2]
        weights = (q @ k.transpose(-2, -1)).softmax(dim=-1)
        return self.proj((weights @ v).transpose(1, 2).reshape(b, n, d))


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU(approximate="tanh")
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim, heads, hidden):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, hidden)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class Encoder(nn.Module):
    """scenic's vit_body: cls token first, learned positions, blocks, encoder_norm, then the cls token's state."""

    def __init__(self, dim, heads, hidden, depth, tokens):
        super().__init__()
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, 1 + tokens, dim))
        self.blocks = nn.ModuleList([Block(dim, heads, hidden) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)

    def forward(self, x):
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1) + self.pos_embed
        for block in self.blocks:
            x = block(x)
        return self.norm(x)[:, 0]


class VivitFactorisedEncoder(nn.Module):
    def __init__(self, dim, heads, hidden, spatial_depth, temporal_depth, classes, frames, size):
        super().__init__()
        self.patch_embed = PatchEmbed(dim)
        self.spatial_transformer = Encoder(dim, heads, hidden, spatial_depth, (size // PATCH) ** 2)
        self.temporal_transformer = Encoder(dim, heads, hidden, temporal_depth, frames // TUBELET)
        self.head = nn.Linear(dim, classes)

    def forward(self, x):
        tokens = self.patch_embed(x)
        n, t, s, d = tokens.shape
        frames = self.spatial_transformer(tokens.reshape(n * t, s, d)).reshape(n, t, d)
        return self.head(self.temporal_transformer(frames))


def randomize(model, generator):
    """Every parameter random (biases, norms, cls tokens and positions included) so each one's wiring is tested."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            noise = torch.randn(p.shape, generator=generator)
            if name.endswith("norm1.weight") or name.endswith("norm2.weight") or name.endswith("norm.weight"):
                p.copy_(1 + 0.1 * noise)
            elif p.dim() == 1:
                p.copy_(0.1 * noise)
            elif name.endswith("cls_token") or name.endswith("pos_embed"):
                p.copy_(0.5 * noise)
            else:
                p.copy_(noise / math.sqrt(p[0].numel()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--frames", type=int, default=32)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--classes", type=int, default=400)
    parser.add_argument("--variant", choices=sorted(VARIANTS), default="b")
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--export", action="store_true")
    args = parser.parse_args()

    dim, heads, hidden, spatial, temporal = VARIANTS[args.variant]
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    model = VivitFactorisedEncoder(dim, heads, hidden, spatial, temporal, args.classes, args.frames, args.size).eval()
    randomize(model, generator)
    clip = torch.randn(args.batch, 3, args.frames, args.size, args.size, generator=generator)
    with torch.no_grad():
        logits = model(clip)

    os.makedirs(args.out, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(args.out, "state_dict.pth"))
    np.save(os.path.join(args.out, "clip.npy"), clip.numpy().astype(np.float32))
    np.save(os.path.join(args.out, "logits.npy"), logits.numpy().astype(np.float32))
    overrides = {
        "T": args.frames, "SIZE": args.size, "DIM": dim, "HEADS": heads, "MLP": hidden,
        "SPATIAL_DEPTH": spatial, "TEMPORAL_DEPTH": temporal, "CLASSES": args.classes,
    }
    meta = {"set": overrides, "params": sum(p.numel() for p in model.parameters())}
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f)
    if args.export:
        torch.onnx.export(
            model, clip, os.path.join(args.out, "model.onnx"), opset_version=17,
            input_names=["clip"], output_names=["logits"], dynamic_axes={"clip": {0: "N"}, "logits": {0: "N"}},
        )


if __name__ == "__main__":
    main()

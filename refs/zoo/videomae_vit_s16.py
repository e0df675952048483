"""PyTorch reference for examples/videomae_vit_s16.vnet: VideoMAE's fine-tuning ViT (Tong et al., NeurIPS 2022).

The modules below are written for vnet's tests from the structure of MCG-NJU/VideoMAE `modeling_finetune.py`
(`VisionTransformer`, `PatchEmbed`, `Block`, `Attention`, `Mlp`, `get_sinusoid_encoding_table`) so that
`state_dict()` has exactly the official keys and shapes:

    patch_embed.proj.weight [D, 3, 2, 16, 16]   patch_embed.proj.bias [D]     (Conv3d, kernel = stride = 2x16x16)
    blocks.{i}.norm1.{weight,bias}               blocks.{i}.attn.qkv.weight [3D, D]  (no qkv bias)
    blocks.{i}.attn.q_bias [D]                   blocks.{i}.attn.v_bias [D]    (the k bias is zero, not a parameter)
    blocks.{i}.attn.proj.{weight,bias}           blocks.{i}.norm2.{weight,bias}
    blocks.{i}.mlp.fc1.{weight,bias}             blocks.{i}.mlp.fc2.{weight,bias}
    fc_norm.{weight,bias}                        head.{weight,bias}
    pos_embed [1, L, D]                          only with use_learnable_pos_emb (variants *_learned)

The fixed sin-cos table is a plain tensor attribute (not a parameter or buffer), so it is not in the state
dict, as in the official model. Facts kept: LayerNorm eps 1e-6 everywhere; attention scale head_dim ** -0.5;
qkv rows ordered q, k, v, heads split as reshape(B, N, 3, heads, head_dim); exact GELU; mean over the tokens,
then fc_norm and head (`use_mean_pooling`; `norm` is Identity); tokens in Conv3d output order (t, h, w).

Usage (the reference-script contract of refs/zoo/):
    /usr/bin/python3 refs/zoo/videomae_vit_s16.py --out DIR [--seed 0] [--frames 16] [--size 224] [--classes 400]
        [--variant s16|b16|tiny|tiny_learned] [--batch 1] [--export]
writes DIR/state_dict.pth, DIR/clip.npy ([N, 3, T, H, W] float32), DIR/logits.npy, DIR/meta.json
({"set": the vnet --set overrides of this configuration, "params": the parameter count}) and, with --export,
DIR/model.onnx (torch.onnx.export of the same module, opset 17).
"""
import argparse
import json
import math
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# name -> (embed dim, heads, depth, learned position table)
VARIANTS = {
    "s16": (384, 6, 12, False),
    "b16": (768, 12, 12, False),
    "tiny": (48, 3, 2, False),
    "tiny_learned": (48, 3, 2, True),
}
TUBELET = 2
PATCH = 16


def sinusoid_table(positions, dim):
    """Position p, channel j: p / 10000 ** (2 * (j // 2) / dim); sin on even j, cos on odd (float64, then float32)."""
    pos = np.arange(positions, dtype=np.float64)[:, None]
    rate = np.power(10000.0, 2 * (np.arange(dim) // 2) / dim)[None, :]
    angle = pos / rate
    table = np.where(np.arange(dim)[None, :] % 2 == 0, np.sin(angle), np.cos(angle))
    return torch.tensor(table, dtype=torch.float32).unsqueeze(0)


class PatchEmbed(nn.Module):
    def __init__(self, dim, in_chans=3):
        super().__init__()
        self.proj = nn.Conv3d(in_chans, dim, kernel_size=(TUBELET, PATCH, PATCH), stride=(TUBELET, PATCH, PATCH))

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.scale = (dim // heads) ** -0.5
        self.qkv = nn.Linear(dim, 3 * dim, bias=False)
        self.q_bias = nn.Parameter(torch.zeros(dim))
        self.v_bias = nn.Parameter(torch.zeros(dim))
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, d = x.shape
        bias = torch.cat((self.q_bias, torch.zeros_like(self.v_bias), self.v_bias))
        qkv = F.linear(x, self.qkv.weight, bias).reshape(b, n, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0] * self.scale, qkv[1], qkv[2]
        weights = (q @ k.transpose(-2, -1)).softmax(dim=-1)
        return self.proj((weights @ v).transpose(1, 2).reshape(b, n, d))


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, 4 * dim)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class VisionTransformer(nn.Module):
    def __init__(self, dim, heads, depth, classes, frames, size, learned_pos):
        super().__init__()
        self.patch_embed = PatchEmbed(dim)
        tokens = (frames // TUBELET) * (size // PATCH) ** 2
        if learned_pos:
            self.pos_embed = nn.Parameter(torch.zeros(1, tokens, dim))
        else:
            self.pos_embed = sinusoid_table(tokens, dim)
        self.blocks = nn.ModuleList([Block(dim, heads) for _ in range(depth)])
        self.norm = nn.Identity()
        self.fc_norm = nn.LayerNorm(dim, eps=1e-6)
        self.head = nn.Linear(dim, classes)

    def forward(self, x):
        x = self.patch_embed(x)
        x = x + self.pos_embed.type_as(x)
        for block in self.blocks:
            x = block(x)
        return self.head(self.fc_norm(self.norm(x).mean(1)))


def randomize(model, generator):
    """Every parameter random (biases, q_bias, v_bias, norms included) so that each one's wiring is tested."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            noise = torch.randn(p.shape, generator=generator)
            if name.endswith("norm1.weight") or name.endswith("norm2.weight") or name == "fc_norm.weight":
                p.copy_(1 + 0.1 * noise)
            elif p.dim() == 1:
                p.copy_(0.1 * noise)
            elif name == "pos_embed":
                p.copy_(0.5 * noise)
            else:
                fan_in = p[0].numel()
                p.copy_(noise / math.sqrt(fan_in))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--frames", type=int, default=16)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--classes", type=int, default=400)
    parser.add_argument("--variant", choices=sorted(VARIANTS), default="s16")
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--export", action="store_true")
    args = parser.parse_args()

    dim, heads, depth, learned = VARIANTS[args.variant]
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    model = VisionTransformer(dim, heads, depth, args.classes, args.frames, args.size, learned).eval()
    randomize(model, generator)
    clip = torch.randn(args.batch, 3, args.frames, args.size, args.size, generator=generator)
    with torch.no_grad():
        logits = model(clip)

    os.makedirs(args.out, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(args.out, "state_dict.pth"))
    np.save(os.path.join(args.out, "clip.npy"), clip.numpy().astype(np.float32))
    np.save(os.path.join(args.out, "logits.npy"), logits.numpy().astype(np.float32))
    overrides = {"T": args.frames, "SIZE": args.size, "DIM": dim, "HEADS": heads, "DEPTH": depth, "CLASSES": args.classes}
    overrides["POS"] = "learned" if learned else "sincos"
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

"""PyTorch reference of TimeSformer's five attention variants, with the official parameter names.

Follows facebookresearch/TimeSformer (timesformer/models/vit.py) for the three official variants
(space_only, joint_space_time, divided_space_time): Conv2d patch embedding per frame, cls token and
pos_embed per frame, time_embed on patch tokens only (one cls token for the clip), LayerNorm eps 1e-6,
qkv with bias, scale head_dim^-0.5, exact GELU, MLP ratio 4. Patch tokens are kept in the official
memory order `(h w t)` and the official rearranges are written as reshape/permute (no einops).

The paper's two other variants use the same building blocks; vnet names their parameters like the
divided block's:
  local_global: local step  `local_norm1`, `local_attn`, `local_fc` (cls excluded, F x H/2 x W/2 windows),
                global step `norm1`, `attn` (stride-2 sparse groups, cls joins every group, averaged back).
  axial:        time  `temporal_norm1`, `temporal_attn`, `temporal_fc` (cls excluded),
                width `width_norm1`, `width_attn`, `width_fc` (cls excluded),
                height `norm1`, `attn` (cls joins every group, averaged back).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

VARIANTS = ('space_only', 'joint_space_time', 'divided_space_time', 'local_global', 'axial')


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Attention(nn.Module):
    def __init__(self, dim, num_heads):
        super().__init__()
        self.num_heads = num_heads
        self.scale = (dim // num_heads) ** -0.5
        self.qkv = nn.Linear(dim, dim * 3, bias=True)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        B, N, C = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, self.num_heads, C // self.num_heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = ((q @ k.transpose(-2, -1)) * self.scale).softmax(dim=-1)
        x = (attn @ v).transpose(1, 2).reshape(B, N, C)
        return self.proj(x)


def to_grid(x, T, H, W):
    """Patch tokens [B, (h w t), D] (official order) -> [B, T, H, W, D]."""
    B, _, D = x.shape
    return x.reshape(B, H, W, T, D).permute(0, 3, 1, 2, 4)


def from_grid(g):
    """[B, T, H, W, D] -> patch tokens [B, (h w t), D]."""
    B, T, H, W, D = g.shape
    return g.permute(0, 2, 3, 1, 4).reshape(B, H * W * T, D)


def group(g, over):
    """Grid [B, T, H, W, D] -> groups [B, G, M, D] for attention `over` (the vnet semantics)."""
    B, T, H, W, D = g.shape
    if over == 'time':
        return g.permute(0, 2, 3, 1, 4).reshape(B, H * W, T, D)
    if over == 'space':
        return g.reshape(B, T, H * W, D)
    if over == 'all':
        return g.reshape(B, 1, T * H * W, D)
    if over == 'width':
        return g.reshape(B, T * H, W, D)
    if over == 'height':
        return g.permute(0, 1, 3, 2, 4).reshape(B, T * W, H, D)
    if over == 'local':  # windows of all T frames x H/2 x W/2 patches
        s = g.reshape(B, T, 2, H // 2, 2, W // 2, D).permute(0, 2, 4, 1, 3, 5, 6)
        return s.reshape(B, 4, T * (H // 2) * (W // 2), D)
    if over == 'global':  # same (t mod 2, h mod 2, w mod 2)
        s = g.reshape(B, T // 2, 2, H // 2, 2, W // 2, 2, D).permute(0, 2, 4, 6, 1, 3, 5, 7)
        return s.reshape(B, 8, (T // 2) * (H // 2) * (W // 2), D)
    raise ValueError(over)


def ungroup(y, over, T, H, W):
    """Inverse of `group`: [B, G, M, D] -> [B, T, H, W, D]."""
    B, _, _, D = y.shape
    if over == 'time':
        return y.reshape(B, H, W, T, D).permute(0, 3, 1, 2, 4)
    if over in ('space', 'all', 'width'):
        return y.reshape(B, T, H, W, D)
    if over == 'height':
        return y.reshape(B, T, W, H, D).permute(0, 1, 3, 2, 4)
    if over == 'local':
        s = y.reshape(B, 2, 2, T, H // 2, W // 2, D).permute(0, 3, 1, 4, 2, 5, 6)
        return s.reshape(B, T, H, W, D)
    if over == 'global':
        s = y.reshape(B, 2, 2, 2, T // 2, H // 2, W // 2, D).permute(0, 4, 1, 5, 2, 6, 3, 7)
        return s.reshape(B, T, H, W, D)
    raise ValueError(over)


def grouped_patch_attention(attn, x, over, T, H, W):
    """Attention within groups of patch tokens only (cls excluded): [B, L, D] -> [B, L, D]."""
    grid = to_grid(x, T, H, W)
    g = group(grid, over)
    B, G, M, D = g.shape
    y = attn(g.reshape(B * G, M, D)).reshape(B, G, M, D)
    return from_grid(ungroup(y, over, T, H, W))


def grouped_cls_attention(attn, x, over, T, H, W):
    """Attention within groups, the cls token joining every group and averaged back: [B, 1+L, D] -> same."""
    cls, patches = x[:, :1], x[:, 1:]
    g = group(to_grid(patches, T, H, W), over)
    B, G, M, D = g.shape
    joined = torch.cat((cls.unsqueeze(1).expand(B, G, 1, D), g), 2).reshape(B * G, 1 + M, D)
    y = attn(joined).reshape(B, G, 1 + M, D)
    cls_out = y[:, :, 0].mean(1, keepdim=True)
    return torch.cat((cls_out, from_grid(ungroup(y[:, :, 1:], over, T, H, W))), 1)


class Block(nn.Module):
    def __init__(self, dim, num_heads, attention_type):
        super().__init__()
        self.attention_type = attention_type
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, num_heads)
        if attention_type in ('divided_space_time', 'axial'):
            self.temporal_norm1 = nn.LayerNorm(dim, eps=1e-6)
            self.temporal_attn = Attention(dim, num_heads)
            self.temporal_fc = nn.Linear(dim, dim)
        if attention_type == 'axial':
            self.width_norm1 = nn.LayerNorm(dim, eps=1e-6)
            self.width_attn = Attention(dim, num_heads)
            self.width_fc = nn.Linear(dim, dim)
        if attention_type == 'local_global':
            self.local_norm1 = nn.LayerNorm(dim, eps=1e-6)
            self.local_attn = Attention(dim, num_heads)
            self.local_fc = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, 4 * dim)

    def forward(self, x, B, T, W):
        H = (x.size(1) - 1) // T // W
        kind = self.attention_type
        if kind in ('space_only', 'joint_space_time'):
            x = x + self.attn(self.norm1(x))
            return x + self.mlp(self.norm2(x))
        if kind == 'divided_space_time':
            return self.divided(x, B, T, H, W)
        if kind == 'local_global':
            x = self.patch_step(x, self.local_norm1, self.local_attn, self.local_fc, 'local', T, H, W)
            x = x + grouped_cls_attention(self.attn, self.norm1(x), 'global', T, H, W)
            return x + self.mlp(self.norm2(x))
        if kind == 'axial':
            x = self.patch_step(x, self.temporal_norm1, self.temporal_attn, self.temporal_fc, 'time', T, H, W)
            x = self.patch_step(x, self.width_norm1, self.width_attn, self.width_fc, 'width', T, H, W)
            x = x + grouped_cls_attention(self.attn, self.norm1(x), 'height', T, H, W)
            return x + self.mlp(self.norm2(x))
        raise ValueError(kind)

    @staticmethod
    def patch_step(x, norm, attn, fc, over, T, H, W):
        res = fc(grouped_patch_attention(attn, norm(x[:, 1:]), over, T, H, W))
        return torch.cat((x[:, :1], x[:, 1:] + res), 1)

    def divided(self, x, B, T, H, W):
        """The official divided_space_time forward, einops rearranges written as reshape/permute."""
        D = x.size(2)
        # Temporal: 'b (h w t) m -> (b h w) t m'
        xt = x[:, 1:, :]
        res_temporal = self.temporal_attn(self.temporal_norm1(xt.reshape(B * H * W, T, D)))
        res_temporal = self.temporal_fc(res_temporal.reshape(B, H * W * T, D))
        xt = x[:, 1:, :] + res_temporal
        # Spatial: cls repeated per frame, 'b (h w t) m -> (b t) (h w) m'
        init_cls_token = x[:, 0, :].unsqueeze(1)
        cls_token = init_cls_token.repeat(1, T, 1).reshape(B * T, D).unsqueeze(1)
        xs = xt.reshape(B, H * W, T, D).permute(0, 2, 1, 3).reshape(B * T, H * W, D)
        xs = torch.cat((cls_token, xs), 1)
        res_spatial = self.attn(self.norm1(xs))
        cls_token = res_spatial[:, 0, :].reshape(B, T, D).mean(1, True)
        res_spatial = res_spatial[:, 1:, :].reshape(B, T, H * W, D).permute(0, 2, 1, 3).reshape(B, H * W * T, D)
        x = torch.cat((init_cls_token, xt), 1) + torch.cat((cls_token, res_spatial), 1)
        return x + self.mlp(self.norm2(x))


class VisionTransformer(nn.Module):
    def __init__(self, img_size=224, patch_size=16, num_classes=400, embed_dim=768, depth=12, num_heads=12,
                 num_frames=8, attention_type='divided_space_time'):
        super().__init__()
        assert attention_type in VARIANTS
        self.attention_type = attention_type
        self.patch_embed = nn.Module()
        self.patch_embed.proj = nn.Conv2d(3, embed_dim, kernel_size=patch_size, stride=patch_size)
        num_patches = (img_size // patch_size) ** 2
        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed_dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, num_patches + 1, embed_dim))
        if attention_type != 'space_only':
            self.time_embed = nn.Parameter(torch.zeros(1, num_frames, embed_dim))
        self.blocks = nn.ModuleList([Block(embed_dim, num_heads, attention_type) for _ in range(depth)])
        self.norm = nn.LayerNorm(embed_dim, eps=1e-6)
        self.head = nn.Linear(embed_dim, num_classes)

    def forward(self, x):
        B, C, T, Hi, Wi = x.shape
        x = self.patch_embed.proj(x.permute(0, 2, 1, 3, 4).reshape(B * T, C, Hi, Wi))
        W = x.size(-1)
        x = x.flatten(2).transpose(1, 2)
        x = torch.cat((self.cls_token.expand(x.size(0), -1, -1), x), 1) + self.pos_embed
        if self.attention_type != 'space_only':
            cls_tokens = x[:B, 0, :].unsqueeze(1)  # official: rows [:B] of (b t); every frame's cls is the same
            x = x[:, 1:]
            n, D = x.size(1), x.size(2)
            # '(b t) n m -> (b n) t m', + time_embed, '(b n) t m -> b (n t) m'
            x = x.reshape(B, T, n, D).permute(0, 2, 1, 3) + self.time_embed.unsqueeze(0)
            x = torch.cat((cls_tokens, x.reshape(B, n * T, D)), 1)
        for blk in self.blocks:
            x = blk(x, B, T, W)
        if self.attention_type == 'space_only':
            x = x.reshape(B, T, x.size(1), x.size(2)).mean(1)
        return self.head(self.norm(x)[:, 0])


def init_random(model, seed=0):
    """Random weights of a realistic scale (trained checkpoints are not needed to check numerics)."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith('norm1.weight') or name.endswith('norm2.weight') or name == 'norm.weight':
                p.copy_(1 + 0.1 * torch.randn(p.shape, generator=gen))
            elif p.dim() == 1:
                p.copy_(0.05 * torch.randn(p.shape, generator=gen))
            elif name in ('cls_token', 'pos_embed', 'time_embed'):
                p.copy_(0.2 * torch.randn(p.shape, generator=gen))
            else:
                fan_in = p[0].numel()
                p.copy_(torch.randn(p.shape, generator=gen) / math.sqrt(fan_in))
    return model

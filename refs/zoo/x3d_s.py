"""The PyTorch reference of examples/x3d_s.vnet: X3D (Feichtenhofer, CVPR 2020) as pytorchvideo's
`create_x3d` builds it (pytorchvideo/models/x3d.py, resnet.py, stem.py, head.py, net.py; fvcore's
SqueezeExcitation), written here with the same module classes' structure and attribute names, so that
`state_dict()` has exactly pytorchvideo's keys (`blocks.1.res_blocks.0.branch2.norm_b.1.block.0.weight`).
pytorchvideo is not installed here; nothing is imported from it.

X3D-S is 13 frames of 160 x 160; X3D-XS is the same network on 4 frames (--frames 4, `--set T=4`).
Input [N, 3, T, S, S]. Contract: refs/zoo/common.py."""
from __future__ import annotations

import math
import os
import sys
from typing import List, Optional, Tuple

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


def round_width(width: float, multiplier: float, min_width: int = 8, divisor: int = 8) -> int:
    """pytorchvideo.layers.utils.round_width (ceil=False)."""
    width *= multiplier
    out = max(min_width, int(width + divisor / 2) // divisor * divisor)
    if out < 0.9 * width:
        out += divisor
    return int(out)


def round_repeats(repeats: int, multiplier: float) -> int:
    return int(math.ceil(multiplier * repeats))


class Swish(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(x)


class SqueezeExcitation(nn.Module):
    """fvcore's: mean over (T, H, W), 1x1x1 conv, ReLU, 1x1x1 conv, sigmoid, times the input."""

    def __init__(self, num_channels: int, num_channels_reduced: int):
        super().__init__()
        self.block = nn.Sequential(
            nn.Conv3d(num_channels, num_channels_reduced, kernel_size=1, bias=True),
            nn.ReLU(),
            nn.Conv3d(num_channels_reduced, num_channels, kernel_size=1, bias=True),
            nn.Sigmoid(),
        )

    def forward(self, x):
        return x * self.block(x.mean(dim=[2, 3, 4], keepdim=True))


class Conv2plus1d(nn.Module):
    """pytorchvideo.layers.convolutions.Conv2plus1d with norm and activation None, conv_t first."""

    def __init__(self, conv_t: nn.Module, conv_xy: nn.Module):
        super().__init__()
        self.conv_t = conv_t
        self.conv_xy = conv_xy

    def forward(self, x):
        return self.conv_xy(self.conv_t(x))


class ResNetBasicStem(nn.Module):
    def __init__(self, conv: nn.Module, norm: nn.Module, activation: nn.Module):
        super().__init__()
        self.conv = conv
        self.norm = norm
        self.activation = activation

    def forward(self, x):
        return self.activation(self.norm(self.conv(x)))


class BottleneckBlock(nn.Module):
    def __init__(self, conv_a, norm_a, act_a, conv_b, norm_b, act_b, conv_c, norm_c):
        super().__init__()
        self.conv_a, self.norm_a, self.act_a = conv_a, norm_a, act_a
        self.conv_b, self.norm_b, self.act_b = conv_b, norm_b, act_b
        self.conv_c, self.norm_c = conv_c, norm_c

    def forward(self, x):
        x = self.act_a(self.norm_a(self.conv_a(x)))
        x = self.act_b(self.norm_b(self.conv_b(x)))
        return self.norm_c(self.conv_c(x))


class ResBlock(nn.Module):
    def __init__(self, branch1_conv: Optional[nn.Module], branch1_norm: Optional[nn.Module], branch2: nn.Module, activation: nn.Module):
        super().__init__()
        self.branch1_conv = branch1_conv
        self.branch1_norm = branch1_norm
        self.branch2 = branch2
        self.activation = activation

    def forward(self, x):
        shortcut = x
        if self.branch1_conv is not None:
            shortcut = self.branch1_conv(x)
            if self.branch1_norm is not None:
                shortcut = self.branch1_norm(shortcut)
        return self.activation(shortcut + self.branch2(x))


class ResStage(nn.Module):
    def __init__(self, res_blocks: nn.ModuleList):
        super().__init__()
        self.res_blocks = res_blocks

    def forward(self, x):
        for block in self.res_blocks:
            x = block(x)
        return x


class ProjectedPool(nn.Module):
    def __init__(self, pre_conv, pre_norm, pre_act, pool, post_conv, post_act):
        super().__init__()
        self.pre_conv, self.pre_norm, self.pre_act = pre_conv, pre_norm, pre_act
        self.pool = pool
        self.post_conv, self.post_act = post_conv, post_act

    def forward(self, x):
        x = self.pool(self.pre_act(self.pre_norm(self.pre_conv(x))))
        return self.post_act(self.post_conv(x))


class ResNetBasicHead(nn.Module):
    """pool, dropout, proj per position (channels last), then the global average."""

    def __init__(self, pool: nn.Module, dropout: nn.Module, proj: nn.Module):
        super().__init__()
        self.pool = pool
        self.dropout = dropout
        self.proj = proj
        self.output_pool = nn.AdaptiveAvgPool3d(1)

    def forward(self, x):
        x = self.dropout(self.pool(x))
        x = self.proj(x.permute((0, 2, 3, 4, 1))).permute((0, 4, 1, 2, 3))
        return self.output_pool(x).view(x.shape[0], -1)


class Net(nn.Module):
    def __init__(self, blocks: nn.ModuleList):
        super().__init__()
        self.blocks = blocks

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return x


def bn(c: int) -> nn.BatchNorm3d:
    return nn.BatchNorm3d(c, eps=1e-5, momentum=0.1)


def x3d_block(dim_in: int, dim_inner: int, dim_out: int, stride: Tuple[int, int, int], se_ratio: float) -> ResBlock:
    se = SqueezeExcitation(dim_inner, round_width(dim_inner, se_ratio)) if se_ratio > 0 else nn.Identity()
    branch2 = BottleneckBlock(
        conv_a=nn.Conv3d(dim_in, dim_inner, kernel_size=(1, 1, 1), bias=False),
        norm_a=bn(dim_inner),
        act_a=nn.ReLU(),
        conv_b=nn.Conv3d(dim_inner, dim_inner, kernel_size=(3, 3, 3), stride=stride, padding=[1, 1, 1], bias=False, groups=dim_inner),
        norm_b=nn.Sequential(bn(dim_inner), se),
        act_b=Swish(),
        conv_c=nn.Conv3d(dim_inner, dim_out, kernel_size=(1, 1, 1), bias=False),
        norm_c=bn(dim_out),
    )
    projection = dim_in != dim_out or math.prod(stride) > 1
    return ResBlock(
        branch1_conv=nn.Conv3d(dim_in, dim_out, kernel_size=(1, 1, 1), stride=stride, bias=False) if projection else None,
        branch1_norm=nn.BatchNorm3d(dim_out) if dim_in != dim_out else None,
        branch2=branch2,
        activation=nn.ReLU(),
    )


def create_x3d(
    clip_length: int = 13,
    crop_size: int = 160,
    num_classes: int = 400,
    width_factor: float = 2.0,
    depth_factor: float = 2.2,
    bottleneck_factor: float = 2.25,
    se_ratio: float = 0.0625,
    stem_dim_in: int = 12,
    head_dim_out: int = 2048,
    dropout_rate: float = 0.5,
) -> Net:
    """create_x3d's defaults (X3D-S's widths and depths); the head's pool covers the last feature map."""
    blocks: List[nn.Module] = []
    stem_dim_out = round_width(stem_dim_in, width_factor)
    conv = Conv2plus1d(
        conv_t=nn.Conv3d(3, stem_dim_out, kernel_size=(1, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1), bias=False),
        conv_xy=nn.Conv3d(stem_dim_out, stem_dim_out, kernel_size=(5, 1, 1), stride=(1, 1, 1), padding=(2, 0, 0), bias=False, groups=stem_dim_out),
    )
    blocks.append(ResNetBasicStem(conv=conv, norm=bn(stem_dim_out), activation=nn.ReLU()))
    stage_dims = [stem_dim_in]
    for _ in range(3):
        stage_dims.append(round_width(stage_dims[-1], 2.0, divisor=8))
    dim_in = stem_dim_out
    for idx, depth in enumerate([1, 2, 5, 3]):
        dim_out = round_width(stage_dims[idx], width_factor)
        dim_inner = int(bottleneck_factor * dim_out)
        res_blocks = []
        for i in range(round_repeats(depth, depth_factor)):
            res_blocks.append(
                x3d_block(
                    dim_in if i == 0 else dim_out,
                    dim_inner,
                    dim_out,
                    (1, 2, 2) if i == 0 else (1, 1, 1),
                    se_ratio if (i + 1) % 2 else 0.0,
                )
            )
        blocks.append(ResStage(nn.ModuleList(res_blocks)))
        dim_in = dim_out
    spatial = int(math.ceil(crop_size / 32))
    pool = ProjectedPool(
        pre_conv=nn.Conv3d(dim_out, dim_inner, kernel_size=(1, 1, 1), bias=False),
        pre_norm=bn(dim_inner),
        pre_act=nn.ReLU(),
        pool=nn.AvgPool3d((clip_length, spatial, spatial), stride=1),
        post_conv=nn.Conv3d(dim_inner, head_dim_out, kernel_size=(1, 1, 1), bias=False),
        post_act=nn.ReLU(),
    )
    blocks.append(ResNetBasicHead(pool=pool, dropout=nn.Dropout(dropout_rate), proj=nn.Linear(head_dim_out, num_classes, bias=True)))
    return Net(nn.ModuleList(blocks))


def main() -> None:
    args = common.parse_args(__doc__, frames=13, size=160)
    model = create_x3d(clip_length=args.frames, crop_size=args.size, num_classes=args.classes)
    overrides = {"T": args.frames, "SIZE": args.size, "CLASSES": args.classes}
    common.run_clip_model(args, model, overrides)


if __name__ == "__main__":
    main()

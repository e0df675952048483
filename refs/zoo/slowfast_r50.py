"""The PyTorch reference of examples/slowfast_r50.vnet: SlowFast-R50 4x16 (Feichtenhofer et al., ICCV 2019) as
PySlowFast builds it from configs/Kinetics/SLOWFAST_4x16_R50.yaml (slowfast/models/video_model_builder.py
SlowFast, stem_helper.py, resnet_helper.py, head_helper.py), written here with the same module classes'
structure and attribute names, so that `state_dict()` has exactly PySlowFast's keys
(`s2.pathway0_res0.branch2.a.weight`, `s1_fuse.conv_f2s.weight`, `head.projection.weight`). PySlowFast is not
installed here; nothing is imported from it.

The model takes [slow, fast]: the fast pathway sees T frames (--frames, 32 for 4x16), the slow one T / 8,
both [N, 3, T, S, S]. PySlowFast's data loader picks the slow frames from the fast clip; the reference writes
both inputs (clip.npy is the slow one, fast.npy the fast one; meta.json lists them). The head's average
pools cover the last feature maps (the cfg's TRAIN_CROP_SIZE is S). In eval mode PySlowFast's head ends
with a softmax (MODEL.HEAD_ACT); --variant none leaves it out (the logits). Contract: refs/zoo/common.py."""
from __future__ import annotations

import os
import sys
from typing import List

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

ALPHA = 8  # SLOWFAST.ALPHA: frame rate ratio of the fast and slow pathways
BETA_INV = 8  # SLOWFAST.BETA_INV: channel ratio
FUSION_RATIO = 2  # SLOWFAST.FUSION_CONV_CHANNEL_RATIO
FUSION_KERNEL = 5  # SLOWFAST.FUSION_KERNEL_SZ
DEPTHS = (3, 4, 6, 3)  # R50
# _TEMPORAL_KERNEL_BASIS["slowfast"]: (slow, fast) temporal kernels of the stem and res2..res5.
TEMPORAL = ((1, 5), (1, 3), (1, 3), (3, 3), (3, 3))


def bn(c: int) -> nn.BatchNorm3d:
    return nn.BatchNorm3d(c, eps=1e-5, momentum=0.1)


class ResNetBasicStem(nn.Module):
    def __init__(self, dim_in: int, dim_out: int, kernel: List[int], stride: List[int], padding: List[int]):
        super().__init__()
        self.conv = nn.Conv3d(dim_in, dim_out, kernel, stride=stride, padding=padding, bias=False)
        self.bn = bn(dim_out)
        self.relu = nn.ReLU(True)
        self.pool_layer = nn.MaxPool3d(kernel_size=[1, 3, 3], stride=[1, 2, 2], padding=[0, 1, 1])

    def forward(self, x):
        return self.pool_layer(self.relu(self.bn(self.conv(x))))


class VideoModelStem(nn.Module):
    def __init__(self):
        super().__init__()
        for p, (dim_out, t) in enumerate([(64, TEMPORAL[0][0]), (64 // BETA_INV, TEMPORAL[0][1])]):
            self.add_module(f"pathway{p}_stem", ResNetBasicStem(3, dim_out, [t, 7, 7], [1, 2, 2], [t // 2, 3, 3]))

    def forward(self, x):
        return [getattr(self, f"pathway{p}_stem")(x[p]) for p in range(2)]


class FuseFastToSlow(nn.Module):
    def __init__(self, dim_in: int):
        super().__init__()
        self.conv_f2s = nn.Conv3d(
            dim_in, dim_in * FUSION_RATIO, kernel_size=[FUSION_KERNEL, 1, 1], stride=[ALPHA, 1, 1], padding=[FUSION_KERNEL // 2, 0, 0], bias=False
        )
        self.bn = bn(dim_in * FUSION_RATIO)
        self.relu = nn.ReLU(True)

    def forward(self, x):
        fuse = self.relu(self.bn(self.conv_f2s(x[1])))
        return [torch.cat([x[0], fuse], 1), x[1]]


class BottleneckTransform(nn.Module):
    """Tx1x1 (a), 1x3x3 strided (b, STRIDE_1X1 false), 1x1x1 (c)."""

    def __init__(self, dim_in: int, dim_out: int, temp_kernel: int, stride: int, dim_inner: int):
        super().__init__()
        self.a = nn.Conv3d(dim_in, dim_inner, kernel_size=[temp_kernel, 1, 1], stride=[1, 1, 1], padding=[temp_kernel // 2, 0, 0], bias=False)
        self.a_bn = bn(dim_inner)
        self.a_relu = nn.ReLU(True)
        self.b = nn.Conv3d(dim_inner, dim_inner, [1, 3, 3], stride=[1, stride, stride], padding=[0, 1, 1], bias=False)
        self.b_bn = bn(dim_inner)
        self.b_relu = nn.ReLU(True)
        self.c = nn.Conv3d(dim_inner, dim_out, kernel_size=[1, 1, 1], stride=[1, 1, 1], padding=[0, 0, 0], bias=False)
        self.c_bn = bn(dim_out)

    def forward(self, x):
        x = self.a_relu(self.a_bn(self.a(x)))
        x = self.b_relu(self.b_bn(self.b(x)))
        return self.c_bn(self.c(x))


class ResBlock(nn.Module):
    def __init__(self, dim_in: int, dim_out: int, temp_kernel: int, stride: int, dim_inner: int):
        super().__init__()
        if dim_in != dim_out or stride != 1:
            self.branch1 = nn.Conv3d(dim_in, dim_out, kernel_size=1, stride=[1, stride, stride], padding=0, bias=False)
            self.branch1_bn = bn(dim_out)
        self.branch2 = BottleneckTransform(dim_in, dim_out, temp_kernel, stride, dim_inner)
        self.relu = nn.ReLU(True)

    def forward(self, x):
        f_x = self.branch2(x)
        x = self.branch1_bn(self.branch1(x)) + f_x if hasattr(self, "branch1") else x + f_x
        return self.relu(x)


class ResStage(nn.Module):
    def __init__(self, dim_in: List[int], dim_out: List[int], dim_inner: List[int], temp_kernels: List[int], stride: int, blocks: int):
        super().__init__()
        for p in range(2):
            for i in range(blocks):
                block = ResBlock(dim_in[p] if i == 0 else dim_out[p], dim_out[p], temp_kernels[p], stride if i == 0 else 1, dim_inner[p])
                self.add_module(f"pathway{p}_res{i}", block)
        self.blocks = blocks

    def forward(self, x):
        out = []
        for p in range(2):
            y = x[p]
            for i in range(self.blocks):
                y = getattr(self, f"pathway{p}_res{i}")(y)
            out.append(y)
        return out


class ResNetBasicHead(nn.Module):
    def __init__(self, dim_in: List[int], num_classes: int, pool_size: List[List[int]], act: str):
        super().__init__()
        for p in range(2):
            self.add_module(f"pathway{p}_avgpool", nn.AvgPool3d(pool_size[p], stride=1))
        self.dropout = nn.Dropout(0.5)
        self.projection = nn.Linear(sum(dim_in), num_classes, bias=True)
        self.act = nn.Softmax(dim=4) if act == "softmax" else None

    def forward(self, inputs):
        x = torch.cat([getattr(self, f"pathway{p}_avgpool")(inputs[p]) for p in range(2)], 1)
        x = self.projection(self.dropout(x.permute((0, 2, 3, 4, 1))))
        if not self.training:
            if self.act is not None:
                x = self.act(x)
            if x.ndim == 5 and x.shape[1:4] > torch.Size([1, 1, 1]):
                x = x.mean([1, 2, 3])
        return x.view(x.shape[0], -1)


class SlowFast(nn.Module):
    def __init__(self, num_frames: int = 32, crop_size: int = 224, num_classes: int = 400, head_act: str = "softmax"):
        super().__init__()
        w = 64  # RESNET.WIDTH_PER_GROUP
        out_dim_ratio = BETA_INV // FUSION_RATIO
        self.s1 = VideoModelStem()
        self.s1_fuse = FuseFastToSlow(w // BETA_INV)
        widths = [(w, 4 * w, w), (4 * w, 8 * w, 2 * w), (8 * w, 16 * w, 4 * w), (16 * w, 32 * w, 8 * w)]
        for s, ((dim_in, dim_out, inner), depth, temporal) in enumerate(zip(widths, DEPTHS, TEMPORAL[1:])):
            stage = ResStage(
                dim_in=[dim_in + dim_in // out_dim_ratio, dim_in // BETA_INV],
                dim_out=[dim_out, dim_out // BETA_INV],
                dim_inner=[inner, inner // BETA_INV],
                temp_kernels=list(temporal),
                stride=1 if s == 0 else 2,
                blocks=depth,
            )
            self.add_module(f"s{s + 2}", stage)
            if s < 3:
                self.add_module(f"s{s + 2}_fuse", FuseFastToSlow(dim_out // BETA_INV))
            if s == 0:
                for p in range(2):
                    self.add_module(f"pathway{p}_pool", nn.MaxPool3d(kernel_size=[1, 1, 1], stride=[1, 1, 1], padding=[0, 0, 0]))
        spatial = crop_size // 32
        self.head = ResNetBasicHead(
            dim_in=[32 * w, 32 * w // BETA_INV],
            num_classes=num_classes,
            pool_size=[[num_frames // ALPHA, spatial, spatial], [num_frames, spatial, spatial]],
            act=head_act,
        )

    def forward(self, x):
        x = self.s2(self.s1_fuse(self.s1(x)))
        x = self.s2_fuse(x)
        x = [getattr(self, f"pathway{p}_pool")(x[p]) for p in range(2)]
        x = self.s3_fuse(self.s3(x))
        x = self.s4_fuse(self.s4(x))
        return self.head(self.s5(x))


def main() -> None:
    args = common.parse_args(__doc__, frames=32, size=224, variants=["softmax", "none"])
    model = SlowFast(num_frames=args.frames, crop_size=args.size, num_classes=args.classes, head_act=args.variant)
    overrides = {"T": args.frames, "SIZE": args.size, "CLASSES": args.classes, "HEAD_ACT": args.variant}
    if common.params_only(args, model, overrides):
        return
    fast = common.random_clip([args.batch, 3, args.frames, args.size, args.size], args.seed)
    # PySlowFast's pack_pathway_output: the slow frames are picked from the fast clip (linspace).
    index = torch.linspace(0, args.frames - 1, args.frames // ALPHA).long()
    slow = torch.index_select(fast, 2, index)
    forward = lambda s, f: model([s, f])  # noqa: E731
    common.randomize(model, [[slow, fast]], args.seed)
    common.write_outputs(args, model, {"slow": slow, "fast": fast}, overrides, forward)


if __name__ == "__main__":
    main()

"""PyTorch reference models with the papers' semantics, independent of vnet.

Used to make conformance fixtures (refs/make_conformance_fixtures.py) and expected parameter
names; never a runtime dependency of vnet. Parameter names follow the reference
implementations: torchvision's ResNet and MobileNetV2, the official TimeSformer's VisionTransformer.

  TSM (Lin, Gan, Han, ICCV 2019), official repo mit-han-lab/temporal-shift-module:
    temporal shift on [N*T, C, H, W] viewed as [N, T, C, H, W], fold = C // fold_div;
    channels [0, fold) of frame t come from t+1, [fold, 2*fold) from t-1, zeros at the clip ends;
    the online (past-only) shift moves channels [0, fold) from t-1 to t.
    Placement 'blockres' (residual shift, before conv1, shortcut untouched) or 'block' (in-place).
  TSN consensus: the mean of per-frame logits over T.
  TimeSformer (Bertasius et al., ICML 2021), official repo facebookresearch/TimeSformer, divided
  space-time attention.

Unlike the official TSM code, the shift here does not wrap conv1 in a module, so the names stay
torchvision's (`layer1.0.conv1.weight`, not `layer1.0.conv1.net.weight`).
"""
from __future__ import annotations

import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.models.mobilenetv2 import InvertedResidual, MobileNetV2
from torchvision.models.resnet import Bottleneck, ResNet


# ---------------------------------------------------------------- temporal shift

def temporal_shift(x: torch.Tensor, n_segment: int, fold_div: int = 8, direction: str = "both") -> torch.Tensor:
    """TSM's shift, exactly as the official `TemporalShift.shift` (non-inplace branch)."""
    nt, c, h, w = x.size()
    n_batch = nt // n_segment
    x = x.view(n_batch, n_segment, c, h, w)
    fold = c // fold_div
    out = torch.zeros_like(x)
    if direction == "both":
        out[:, :-1, :fold] = x[:, 1:, :fold]  # shift left: frame t takes t+1
        out[:, 1:, fold:2 * fold] = x[:, :-1, fold:2 * fold]  # shift right: frame t takes t-1
        out[:, :, 2 * fold:] = x[:, :, 2 * fold:]  # not shifted
    elif direction == "past":
        out[:, 1:, :fold] = x[:, :-1, :fold]  # online TSM: frame t takes t-1
        out[:, :, fold:] = x[:, :, fold:]
    else:
        raise ValueError(f"unknown shift direction {direction!r}")
    return out.view(nt, c, h, w)


class ShiftedBottleneck(Bottleneck):
    """torchvision's Bottleneck (v1.5, stride on conv2) with a temporal shift.

    place='residual': the shift opens the residual branch (TSM 'blockres'); the shortcut sees x.
    place='inplace':  the shift is applied to the block input; shortcut and branch both see it.
    place='none':     plain torchvision Bottleneck (TSN).
    """

    def __init__(self, *args, n_segment: int = 8, fold_div: int = 8, direction: str = "both",
                 place: str = "residual", **kwargs):
        super().__init__(*args, **kwargs)
        self.n_segment, self.fold_div, self.direction, self.place = n_segment, fold_div, direction, place

    def _shift(self, x: torch.Tensor) -> torch.Tensor:
        return temporal_shift(x, self.n_segment, self.fold_div, self.direction)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.place == "inplace":
            x = self._shift(x)
        identity = x
        out = self._shift(x) if self.place == "residual" else x
        out = self.relu(self.bn1(self.conv1(out)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        return self.relu(out + identity)


def _bottleneck_factory(n_segment: int, fold_div: int, direction: str, place: str):
    def make(*args, **kwargs):
        return ShiftedBottleneck(*args, n_segment=n_segment, fold_div=fold_div, direction=direction,
                                 place=place, **kwargs)
    make.expansion = Bottleneck.expansion
    return make


class VideoResNet(ResNet):
    """TSN / TSM over a torchvision ResNet: input [N, T, 3, H, W], frames as batch, average consensus.

    `layers` is torchvision's blocks per stage ([3, 4, 6, 3] for ResNet-50); `widths` the planes per
    stage (64, 128, 256, 512 for ResNet-50); `stem` the stem's channels. The stages after the first
    have stride 2, as in torchvision. Dropout before fc as in TSN/TSM (no-op in eval).
    """

    def __init__(self, layers, n_segment: int, num_classes: int, place: str = "none", direction: str = "both",
                 fold_div: int = 8, widths=(64, 128, 256, 512), stem: int = 64, dropout: float = 0.5):
        super().__init__(_bottleneck_factory(n_segment, fold_div, direction, place), [3, 4, 6, 3],
                         num_classes=num_classes)
        self.n_segment = n_segment
        # Rebuild with the requested widths (torchvision hard-codes 64/128/256/512).
        self.inplanes = stem
        self.conv1 = nn.Conv2d(3, stem, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(stem)
        block = _bottleneck_factory(n_segment, fold_div, direction, place)
        names = ["layer1", "layer2", "layer3", "layer4"]
        for i, name in enumerate(names):
            if i < len(layers):
                setattr(self, name, self._make_layer(block, widths[i], layers[i], stride=1 if i == 0 else 2))
            else:
                delattr(self, name)
        self.n_stages = len(layers)
        self.online = direction == "past" and place != "none"  # only the past is used: streamable
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(widths[len(layers) - 1] * Bottleneck.expansion, num_classes)

    def frame_logits(self, clip: torch.Tensor) -> torch.Tensor:
        """[N, T, 3, H, W] -> per-frame logits [N, T, classes] (what an online model gives frame by frame)."""
        n, t = clip.shape[:2]
        x = clip.reshape(n * t, *clip.shape[2:])
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        for i in range(self.n_stages):
            x = getattr(self, f"layer{i + 1}")(x)
        x = torch.flatten(self.avgpool(x), 1)
        return self.fc(self.dropout(x)).view(n, t, -1)

    def forward(self, clip: torch.Tensor) -> torch.Tensor:
        return self.frame_logits(clip).mean(dim=1)  # TSN average consensus


def tsn_resnet50(n_segment: int = 8, num_classes: int = 400) -> VideoResNet:
    return VideoResNet([3, 4, 6, 3], n_segment, num_classes, place="none")


def tsm_resnet50(n_segment: int = 8, num_classes: int = 400, place: str = "residual",
                 direction: str = "both") -> VideoResNet:
    return VideoResNet([3, 4, 6, 3], n_segment, num_classes, place=place, direction=direction)


# ---------------------------------------------------------------- MobileNetV2 (online TSM)

class ShiftedInvertedResidual(InvertedResidual):
    """torchvision's InvertedResidual; blocks with a residual connection shift at the start of the branch
    (past-only, fold 1/8), as the TSM online demo's InvertedResidualWithShift."""

    def __init__(self, *args, n_segment: int = 8, fold_div: int = 8, direction: str = "past", **kwargs):
        super().__init__(*args, **kwargs)
        self.n_segment, self.fold_div, self.direction = n_segment, fold_div, direction

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.use_res_connect:
            return x + self.conv(temporal_shift(x, self.n_segment, self.fold_div, self.direction))
        return self.conv(x)


class VideoMobileNetV2(MobileNetV2):
    """torchvision MobileNetV2 (width 1.0) over frames, past-only residual shift, average consensus.
    `setting` is torchvision's inverted_residual_setting (t, c, n, s); None for the standard one."""

    def __init__(self, n_segment: int = 8, num_classes: int = 400, direction: str = "past", setting=None):
        def block(*args, **kwargs):
            return ShiftedInvertedResidual(*args, n_segment=n_segment, direction=direction, **kwargs)
        super().__init__(num_classes=num_classes, block=block, inverted_residual_setting=setting)
        self.n_segment = n_segment
        self.online = direction == "past"

    def frame_logits(self, clip: torch.Tensor) -> torch.Tensor:
        n, t = clip.shape[:2]
        return super().forward(clip.reshape(n * t, *clip.shape[2:])).view(n, t, -1)

    def forward(self, clip: torch.Tensor) -> torch.Tensor:
        return self.frame_logits(clip).mean(dim=1)


# ---------------------------------------------------------------- TimeSformer (divided space-time)

class Mlp(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()  # exact erf form
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Attention(nn.Module):
    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.scale = (dim // heads) ** -0.5
        self.qkv = nn.Linear(dim, dim * 3, bias=True)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = ((q @ k.transpose(-2, -1)) * self.scale).softmax(dim=-1)
        return self.proj((attn @ v).transpose(1, 2).reshape(b, n, c))


class DividedBlock(nn.Module):
    """The official Block with attention_type='divided_space_time' (drop path off: inference)."""

    def __init__(self, dim: int, heads: int, mlp_ratio: int = 4):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.temporal_norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.temporal_attn = Attention(dim, heads)
        self.temporal_fc = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, dim * mlp_ratio)

    def forward(self, x, b: int, t: int, w: int):
        # x: [B, 1 + H*W*T, D], patch tokens ordered (h w t) as the official code.
        m = x.size(2)
        hw = (x.size(1) - 1) // t
        h = hw // w
        # temporal step over the T tokens at each patch position, cls excluded
        xt = x[:, 1:, :].reshape(b, h * w, t, m).reshape(b * h * w, t, m)
        res_t = self.temporal_fc(self.temporal_attn(self.temporal_norm1(xt)))
        xt = x[:, 1:, :] + res_t.reshape(b, h * w * t, m)
        # spatial step: cls repeated per frame joins that frame's patches; cls outputs averaged
        init_cls = x[:, 0, :].unsqueeze(1)
        cls = init_cls.repeat(1, t, 1).reshape(b * t, 1, m)
        xs = xt.reshape(b, h * w, t, m).permute(0, 2, 1, 3).reshape(b * t, h * w, m)
        xs = torch.cat((cls, xs), 1)
        res_s = self.attn(self.norm1(xs))
        cls = res_s[:, 0, :].reshape(b, t, m).mean(1, keepdim=True)
        res_s = res_s[:, 1:, :].reshape(b, t, h * w, m).permute(0, 2, 1, 3).reshape(b, h * w * t, m)
        x = torch.cat((init_cls, xt), 1) + torch.cat((cls, res_s), 1)
        return x + self.mlp(self.norm2(x))


class PatchEmbed(nn.Module):
    def __init__(self, patch: int, dim: int):
        super().__init__()
        self.proj = nn.Conv2d(3, dim, kernel_size=patch, stride=patch)

    def forward(self, x):  # [B, C, T, H, W] -> [(B T), H'W', D], W'
        b, c, t, h, w = x.shape
        x = x.permute(0, 2, 1, 3, 4).reshape(b * t, c, h, w)
        x = self.proj(x)
        w_out = x.size(-1)
        return x.flatten(2).transpose(1, 2), t, w_out


class TimeSformer(nn.Module):
    """The official VisionTransformer (divided space-time), inference path, official parameter names."""

    def __init__(self, img_size: int = 224, patch: int = 16, frames: int = 8, dim: int = 768, depth: int = 12,
                 heads: int = 12, num_classes: int = 400):
        super().__init__()
        patches = (img_size // patch) ** 2
        self.patch_embed = PatchEmbed(patch, dim)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, patches + 1, dim))
        self.time_embed = nn.Parameter(torch.zeros(1, frames, dim))
        self.blocks = nn.ModuleList([DividedBlock(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.head = nn.Linear(dim, num_classes)

    def forward(self, x):
        b = x.size(0)
        x, t, w = self.patch_embed(x)
        cls = self.cls_token.expand(x.size(0), -1, -1)
        x = torch.cat((cls, x), dim=1) + self.pos_embed
        cls = x[:b, 0, :].unsqueeze(1)  # every frame's cls state is identical here
        x = x[:, 1:]
        n = x.size(1)
        x = x.reshape(b, t, n, -1).permute(0, 2, 1, 3).reshape(b * n, t, -1)
        x = x + self.time_embed
        x = x.reshape(b, n * t, -1)
        x = torch.cat((cls, x), dim=1)
        for blk in self.blocks:
            x = blk(x, b, t, w)
        return self.head(self.norm(x)[:, 0])


# ---------------------------------------------------------------- helpers

def param_shapes(model: nn.Module) -> dict:
    """state_dict names (minus BatchNorm's num_batches_tracked) -> shapes."""
    return {k: list(v.shape) for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}


def randomize_batchnorm(model: nn.Module, generator: torch.Generator) -> None:
    """Non-trivial BN statistics and affine parameters, so eval-mode BN is really exercised."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            c = m.num_features
            with torch.no_grad():
                m.running_mean.copy_(torch.randn(c, generator=generator) * 0.2)
                m.running_var.copy_(torch.rand(c, generator=generator) * 0.8 + 0.4)
                m.weight.copy_(torch.rand(c, generator=generator) * 0.8 + 0.6)
                m.bias.copy_(torch.randn(c, generator=generator) * 0.1)


def count_params(model: nn.Module) -> int:
    """Trainable parameters (BatchNorm running statistics are buffers, not counted)."""
    return sum(int(math.prod(p.shape)) for p in model.parameters())

"""Modules with the parameter layout of the official code that publishes each checkpoint, written here
after reading that code (nothing is imported from it):

- official TSM (mit-han-lab/temporal-shift-module ops/models.py TSN, ops/temporal_shift.py):
  DataParallel(TSN) -> `module.`; `base_model` is the torchvision ResNet whose `fc` became Dropout;
  `new_fc`; make_temporal_shift(place='blockres') wraps each bottleneck's conv1 as TemporalShift(net=conv1).
- TSM online demo (online_demo/mobilenet_v2_tsm.py): MobileNetV2 with flat inverted residual
  Sequentials, `classifier` a single Linear, forward(x, *shift_buffer) -> (logits, *new_buffers).
- MMAction2 (mmaction/models/backbones/resnet.py, resnet_tsm.py, heads/tsm_head.py): ConvModule
  (conv, bn, relu), `backbone.` / `cls_head.fc_cls`, the shift wrapping `conv1.conv`.
- official TimeSformer (timesformer/models/vit.py): `TimeSformer.model` is the VisionTransformer.

Sizes are parameters so the tests can use tiny versions with the same structure.
"""
from __future__ import annotations

import torch
import torch.nn as nn

import tsm


# ---------------------------------------------------------------- official TSM

class TemporalShift(nn.Module):
    """ops/temporal_shift.py: shift (not in place), then the wrapped module `net`."""

    def __init__(self, net: nn.Module, n_segment: int = 8, n_div: int = 8):
        super().__init__()
        self.net, self.n_segment, self.fold_div = net, n_segment, n_div

    @staticmethod
    def shift(x, n_segment, fold_div=8):
        nt, c, h, w = x.size()
        x = x.view(nt // n_segment, n_segment, c, h, w)
        fold = c // fold_div
        out = torch.zeros_like(x)
        out[:, :-1, :fold] = x[:, 1:, :fold]  # shift left
        out[:, 1:, fold:2 * fold] = x[:, :-1, fold:2 * fold]  # shift right
        out[:, :, 2 * fold:] = x[:, :, 2 * fold:]  # not shift
        return out.view(nt, c, h, w)

    def forward(self, x):
        return self.net(self.shift(x, self.n_segment, self.fold_div))


def resnet_features(m: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """torchvision ResNet._forward_impl over the stages the (possibly tiny) backbone has."""
    x = m.maxpool(m.relu(m.bn1(m.conv1(x))))
    for name in ("layer1", "layer2", "layer3", "layer4"):
        if hasattr(m, name):
            x = getattr(m, name)(x)
    return m.fc(torch.flatten(m.avgpool(x), 1))


class TSN(nn.Module):
    """ops/models.py TSN, RGB, consensus 'avg', residual shift ('blockres') when is_shift."""

    def __init__(self, base_model: nn.Module, num_segments: int, num_class: int, is_shift: bool = True):
        super().__init__()
        self.num_segments = num_segments
        self.base_model = base_model
        feature_dim = base_model.fc.in_features
        base_model.fc = nn.Dropout(p=0.5)  # _prepare_tsn: setattr(base_model, last_layer_name, Dropout)
        self.new_fc = nn.Linear(feature_dim, num_class)
        if is_shift:
            for name in ("layer1", "layer2", "layer3", "layer4"):
                if hasattr(base_model, name):
                    for b in getattr(base_model, name):
                        b.conv1 = TemporalShift(b.conv1, n_segment=num_segments, n_div=8)

    def forward(self, x):  # x: [N, T*3, H, W] as the official data loader gives
        base_out = resnet_features(self.base_model, x.view((-1, 3) + x.size()[-2:]))
        base_out = self.new_fc(base_out)
        base_out = base_out.view((-1, self.num_segments) + base_out.size()[1:])
        return base_out.mean(dim=1, keepdim=True).squeeze(1)


def official_tsm(base_model: nn.Module, num_segments: int, num_class: int) -> nn.Module:
    # main.py: model = torch.nn.DataParallel(model, device_ids=args.gpus)
    return nn.DataParallel(TSN(base_model, num_segments, num_class))


# ---------------------------------------------------------------- TSM online demo MobileNetV2

def conv_bn(inp, oup, stride):
    return nn.Sequential(nn.Conv2d(inp, oup, 3, stride, 1, bias=False), nn.BatchNorm2d(oup), nn.ReLU6(inplace=True))


def conv_1x1_bn(inp, oup):
    return nn.Sequential(nn.Conv2d(inp, oup, 1, 1, 0, bias=False), nn.BatchNorm2d(oup), nn.ReLU6(inplace=True))


class InvertedResidual(nn.Module):
    def __init__(self, inp, oup, stride, expand_ratio):
        super().__init__()
        hidden = int(inp * expand_ratio)
        self.use_res_connect = stride == 1 and inp == oup
        if expand_ratio == 1:
            self.conv = nn.Sequential(
                nn.Conv2d(hidden, hidden, 3, stride, 1, groups=hidden, bias=False), nn.BatchNorm2d(hidden), nn.ReLU6(inplace=True),
                nn.Conv2d(hidden, oup, 1, 1, 0, bias=False), nn.BatchNorm2d(oup))
        else:
            self.conv = nn.Sequential(
                nn.Conv2d(inp, hidden, 1, 1, 0, bias=False), nn.BatchNorm2d(hidden), nn.ReLU6(inplace=True),
                nn.Conv2d(hidden, hidden, 3, stride, 1, groups=hidden, bias=False), nn.BatchNorm2d(hidden), nn.ReLU6(inplace=True),
                nn.Conv2d(hidden, oup, 1, 1, 0, bias=False), nn.BatchNorm2d(oup))

    def forward(self, x):
        return x + self.conv(x) if self.use_res_connect else self.conv(x)


class InvertedResidualWithShift(InvertedResidual):
    def __init__(self, inp, oup, stride, expand_ratio):
        super().__init__(inp, oup, stride, expand_ratio)
        assert expand_ratio > 1 and self.use_res_connect

    def forward(self, x, shift_buffer):
        c = x.size(1)
        x1, x2 = x[:, : c // 8], x[:, c // 8:]
        return x + self.conv(torch.cat((shift_buffer, x2), dim=1)), x1


DEMO_SETTING = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]]


class DemoMobileNetV2(nn.Module):
    """online_demo/mobilenet_v2_tsm.py MobileNetV2 (width 1.0): shifts in every block with a residual
    connection (the demo's shift_block_idx [2, 4, 5, 7, 8, 9, 11, 12, 14, 15] for its setting)."""

    def __init__(self, n_class=27, setting=None, last_channel=1280):
        super().__init__()
        input_channel = 32
        features = [conv_bn(3, input_channel, 2)]
        for t, c, n, s in setting or DEMO_SETTING:
            for i in range(n):
                stride = s if i == 0 else 1
                residual = stride == 1 and input_channel == c and t > 1
                block = InvertedResidualWithShift if residual else InvertedResidual
                features.append(block(input_channel, c, stride, expand_ratio=t))
                input_channel = c
        features.append(conv_1x1_bn(input_channel, last_channel))
        self.features = nn.ModuleList(features)
        self.classifier = nn.Linear(last_channel, n_class)

    def forward(self, x, *shift_buffer):
        k, out_buffer = 0, []
        for f in self.features:
            if isinstance(f, InvertedResidualWithShift):
                x, s = f(x, shift_buffer[k])
                k += 1
                out_buffer.append(s)
            else:
                x = f(x)
        x = x.mean(3).mean(2)
        return (self.classifier(x), *out_buffer)

    def stream(self, clip: torch.Tensor) -> torch.Tensor:
        """[1, T, 3, H, W] -> per-frame logits [1, T, classes], zero buffers at the start (main.py)."""
        buffers = None
        logits = []
        for t in range(clip.size(1)):
            x = clip[:, t]
            if buffers is None:
                buffers = self._zero_buffers(x)
            out = self.forward(x, *buffers)
            logits.append(out[0])
            buffers = list(out[1:])
        return torch.stack(logits, dim=1)

    def _zero_buffers(self, x):
        shapes, k = [], 0
        for f in self.features:
            if isinstance(f, InvertedResidualWithShift):
                shapes.append((x.size(0), x.size(1) // 8, x.size(2), x.size(3)))
                x, _ = f(x, torch.zeros(shapes[-1]))
            else:
                x = f(x)
        return [torch.zeros(s) for s in shapes]


# ---------------------------------------------------------------- MMAction2 TSM ResNet

class ConvModule(nn.Module):
    def __init__(self, inp, oup, k, stride=1, padding=0, act=True):
        super().__init__()
        self.conv = nn.Conv2d(inp, oup, k, stride, padding, bias=False)
        self.bn = nn.BatchNorm2d(oup)
        self.activate = nn.ReLU(inplace=True) if act else None

    def forward(self, x):
        x = self.bn(self.conv(x))
        return self.activate(x) if self.activate is not None else x


class MMBottleneck(nn.Module):
    """backbones/resnet.py Bottleneck, style 'pytorch' (stride on conv2)."""

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = ConvModule(inplanes, planes, 1)
        self.conv2 = ConvModule(planes, planes, 3, stride, 1)
        self.conv3 = ConvModule(planes, planes * 4, 1, act=False)
        self.downsample = downsample
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(self.conv3(self.conv2(self.conv1(x))) + identity)


class MMTemporalShift(nn.Module):
    def __init__(self, net, num_segments, shift_div=8):
        super().__init__()
        self.net, self.num_segments, self.shift_div = net, num_segments, shift_div

    def forward(self, x):
        return self.net(TemporalShift.shift(x, self.num_segments, self.shift_div))


class ResNetTSM(nn.Module):
    def __init__(self, layers, widths, stem, num_segments):
        super().__init__()
        self.conv1 = ConvModule(3, stem, 7, 2, 3)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        inplanes = stem
        for i, (n, planes) in enumerate(zip(layers, widths)):
            stride = 1 if i == 0 else 2
            blocks = []
            for j in range(n):
                down = None
                if j == 0 and (stride != 1 or inplanes != planes * 4):
                    down = ConvModule(inplanes, planes * 4, 1, stride, act=False)
                blocks.append(MMBottleneck(inplanes, planes, stride if j == 0 else 1, down))
                inplanes = planes * 4
            setattr(self, f"layer{i + 1}", nn.Sequential(*blocks))
        self.num_stages = len(layers)
        self.feat_dim = inplanes
        for i in range(self.num_stages):  # make_temporal_shift, shift_place='blockres'
            for b in getattr(self, f"layer{i + 1}"):
                b.conv1.conv = MMTemporalShift(b.conv1.conv, num_segments)

    def forward(self, x):
        x = self.maxpool(self.conv1(x))
        for i in range(self.num_stages):
            x = getattr(self, f"layer{i + 1}")(x)
        return x


class TSMHead(nn.Module):
    def __init__(self, num_classes, in_channels, num_segments):
        super().__init__()
        self.num_segments = num_segments
        self.dropout = nn.Dropout(p=0.5)
        self.fc_cls = nn.Linear(in_channels, num_classes)

    def forward(self, x):
        x = torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1)
        cls_score = self.fc_cls(self.dropout(x))
        return cls_score.view((-1, self.num_segments) + cls_score.size()[1:]).mean(dim=1)


class Recognizer2D(nn.Module):
    def __init__(self, layers, widths, stem, num_segments, num_classes):
        super().__init__()
        self.backbone = ResNetTSM(layers, widths, stem, num_segments)
        self.cls_head = TSMHead(num_classes, self.backbone.feat_dim, num_segments)

    def forward(self, clip):  # [N, T, 3, H, W]
        return self.cls_head(self.backbone(clip.reshape((-1,) + clip.shape[2:])))


# ---------------------------------------------------------------- official TimeSformer

class TimeSformer(nn.Module):
    """timesformer/models/vit.py TimeSformer: the VisionTransformer as `self.model`."""

    def __init__(self, **kwargs):
        super().__init__()
        self.model = tsm.TimeSformer(**kwargs)

    def forward(self, x):
        return self.model(x)


def resized_embeddings(pos_embed: torch.Tensor, time_embed: torch.Tensor, h: int, w: int, t: int):
    """vit.py VisionTransformer.forward_features: the embeddings it adds when the input's patch grid
    (h x w) or frame count (t) differs from the checkpoint's."""
    import torch.nn.functional as F
    if 1 + h * w != pos_embed.size(1):
        cls_pos_embed = pos_embed[0, 0, :].unsqueeze(0).unsqueeze(1)
        other_pos_embed = pos_embed[0, 1:, :].unsqueeze(0).transpose(1, 2)
        p = int(other_pos_embed.size(2) ** 0.5)
        other_pos_embed = other_pos_embed.reshape(1, pos_embed.size(2), p, p)
        new_pos_embed = F.interpolate(other_pos_embed, size=(h, w), mode='nearest')
        new_pos_embed = new_pos_embed.flatten(2).transpose(1, 2)
        pos_embed = torch.cat((cls_pos_embed, new_pos_embed), 1)
    if t != time_embed.size(1):
        new_time_embed = F.interpolate(time_embed.transpose(1, 2), size=(t), mode='nearest')
        time_embed = new_time_embed.transpose(1, 2)
    return pos_embed, time_embed

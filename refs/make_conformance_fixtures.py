"""Writes vnet's conformance fixtures from the PyTorch references in refs/tsm.py.

Run with the system python (torch 1.13, torchvision 0.14, numpy); CI does not need it, the outputs are
committed:

    /usr/bin/python3 refs/make_conformance_fixtures.py
    /usr/bin/python3 refs/make_conformance_fixtures.py --full DIR   # full-size examples, ~330 MB, not committed

For each small model it writes test/fixtures/conformance/<name>/{weights.safetensors, input.npy,
expected.npy}: the state dict (torchvision names, float32), a seeded random clip, and the model's
eval-mode output. BatchNorm statistics and affine parameters are randomized so eval-mode BN is
really tested. It also writes the expected parameter names and shapes of the full-size examples
(*_param_names.json), taken from torchvision and the TimeSformer reference.
"""
from __future__ import annotations

import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tsm  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "conformance")

# Tiny shapes shared by the fixtures: 2 clips (so a shift that leaks across clips is caught), 4 frames.
N, T, SIZE, CLASSES = 2, 4, 32, 10


def write_safetensors(path: str, tensors: dict, metadata: dict | None = None) -> None:
    """safetensors by hand: u64 LE header length, JSON header (space-padded to 8 bytes), raw LE data."""
    header: dict = {}
    chunks = []
    offset = 0
    for name, tensor in tensors.items():
        data = np.ascontiguousarray(tensor.detach().cpu().numpy().astype("<f4")).tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for chunk in chunks:
            f.write(chunk)


def state_tensors(model: nn.Module) -> dict:
    return {k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}


def write_fixture(name: str, model: nn.Module, clip: torch.Tensor, about: str) -> None:
    model.eval()
    with torch.no_grad():
        expected = model(clip)
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    weights = state_tensors(model)
    if weights:
        write_safetensors(os.path.join(folder, "weights.safetensors"), weights, {"about": about})
    np.save(os.path.join(folder, "input.npy"), clip.numpy().astype(np.float32))
    np.save(os.path.join(folder, "expected.npy"), expected.numpy().astype(np.float32))
    if getattr(model, "online", False):
        # Online models: per-frame logits [N, T, classes], what streaming frame by frame must give.
        with torch.no_grad():
            frames = model.frame_logits(clip)
        np.save(os.path.join(folder, "expected_frames.npy"), frames.numpy().astype(np.float32))
    size = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))
    print(f"{name}: out {list(expected.shape)}, |out|max {expected.abs().max():.3f}, {size / 1024:.0f} KiB")


def seeded(seed: int) -> torch.Generator:
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


class ShiftOnly(nn.Module):
    """[N, T, C, H, W] -> the same, shifted: the channel order of the shift, alone."""

    def __init__(self, direction: str):
        super().__init__()
        self.direction = direction

    def forward(self, clip):
        n, t, c, h, w = clip.shape
        return tsm.temporal_shift(clip.reshape(n * t, c, h, w), t, 8, self.direction).reshape(n, t, c, h, w)


def tiny_resnet(place: str, direction: str, seed: int) -> nn.Module:
    """Stem (conv 7x7/2, bn, relu, maxpool) + layer1 (planes 4, 2 blocks) + layer2 (planes 8, 2 blocks, stride 2)."""
    g = seeded(seed)
    model = tsm.VideoResNet([2, 2], T, CLASSES, place=place, direction=direction, widths=(4, 8), stem=8)
    tsm.randomize_batchnorm(model, g)
    return model


def tiny_mobilenetv2(seed: int) -> nn.Module:
    """features.0 stem, features.1 t=1 block with a residual (32 -> 32), features.2-3 t=6 (32 -> 16, 16 -> 16),
    features.4 1x1 to 1280, classifier.1; past-only shift in the blocks with a residual connection."""
    g = seeded(seed)
    model = tsm.VideoMobileNetV2(T, CLASSES, direction="past", setting=[[1, 32, 1, 1], [6, 16, 2, 2]])
    tsm.randomize_batchnorm(model, g)
    return model


def tiny_timesformer(seed: int) -> nn.Module:
    """Divided space-time, D=32, 2 blocks, 4 heads, patch 8 on 32x32, 4 frames; embeddings made non-zero."""
    seeded(seed)
    model = tsm.TimeSformer(img_size=SIZE, patch=8, frames=T, dim=32, depth=2, heads=4, num_classes=CLASSES)
    with torch.no_grad():
        for p in (model.cls_token, model.pos_embed, model.time_embed):
            p.copy_(torch.randn_like(p) * 0.5)
        for m in model.modules():
            if isinstance(m, nn.LayerNorm):
                m.weight.copy_(torch.rand_like(m.weight) + 0.5)
                m.bias.copy_(torch.randn_like(m.bias) * 0.1)
    return model


def write_param_names(name: str, model: nn.Module) -> None:
    shapes = tsm.param_shapes(model)
    path = os.path.join(OUT, f"{name}_param_names.json")
    with open(path, "w") as f:
        json.dump({"source": SOURCES[name], "trainable": tsm.count_params(model), "params": shapes}, f, indent=1)
        f.write("\n")
    print(f"{name}: {len(shapes)} names, {tsm.count_params(model)} trainable parameters")


SOURCES = {
    "resnet50": "torchvision.models.resnet50(num_classes=400).state_dict() minus num_batches_tracked",
    "mobilenet_v2": "torchvision.models.mobilenet_v2(num_classes=400).state_dict() minus num_batches_tracked",
    "timesformer_base": "refs/tsm.py TimeSformer() (official VisionTransformer, divided_space_time, 400 classes)",
}


def write_full_size(out: str) -> None:
    """Full-size fixtures for the opt-in test (VNET_FULL_FIXTURES=DIR): about 330 MB, never committed.
    Random torchvision init with randomized BN statistics; 1 clip of 8 frames at 224x224."""
    global OUT
    OUT = out
    clip = torch.randn(1, 8, 3, 224, 224, generator=torch.Generator().manual_seed(99))
    for name, place, direction in [("tsn_resnet50", "none", "both"), ("tsm_resnet50", "residual", "both"),
                                   ("tsm_resnet50_inplace", "inplace", "both"),
                                   ("tsm_resnet50_online", "residual", "past")]:
        g = seeded(10)
        model = tsm.VideoResNet([3, 4, 6, 3], 8, 400, place=place, direction=direction)
        tsm.randomize_batchnorm(model, g)
        write_fixture(name, model, clip, f"full-size {name}")
    g = seeded(11)
    model = tsm.VideoMobileNetV2(8, 400, direction="past")
    tsm.randomize_batchnorm(model, g)
    write_fixture("tsm_mobilenetv2_online", model, clip, "full-size online TSM MobileNetV2")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--full":
        write_full_size(os.path.abspath(sys.argv[2]))
        return
    os.makedirs(OUT, exist_ok=True)
    torch.set_grad_enabled(False)
    clip = torch.randn(N, T, 3, SIZE, SIZE, generator=torch.Generator().manual_seed(1234))
    # 20 channels: fold = 20 // 8 = 2 (integer division, not 20 / 8); values are distinct per element.
    ramp = torch.arange(2 * 3 * 20 * 2 * 2, dtype=torch.float32).reshape(2, 3, 20, 2, 2) / 100 + 1
    write_fixture("shift_both", ShiftOnly("both"), ramp, "bi-directional shift alone")
    write_fixture("shift_past", ShiftOnly("past"), ramp, "past-only shift alone")
    write_fixture("tsn_tiny", tiny_resnet("none", "both", 1), clip, "TSN tiny ResNet, no shift")
    write_fixture("tsm_tiny", tiny_resnet("residual", "both", 2), clip, "TSM residual bi-directional shift, fold 1/8")
    write_fixture("tsm_tiny_online", tiny_resnet("residual", "past", 3), clip, "TSM residual past-only shift")
    write_fixture("tsm_tiny_inplace", tiny_resnet("inplace", "both", 4), clip, "TSM in-place bi-directional shift")
    write_fixture("tsm_tiny_mobilenetv2", tiny_mobilenetv2(5), clip, "MobileNetV2 blocks, past-only residual shift")
    tokens_clip = clip.permute(0, 2, 1, 3, 4).contiguous()  # official TimeSformer input is [B, C, T, H, W]
    write_fixture("timesformer_tiny", tiny_timesformer(6), tokens_clip, "TimeSformer divided space-time, tiny")

    write_param_names("resnet50", torchvision.models.resnet50(num_classes=400))
    write_param_names("mobilenet_v2", torchvision.models.mobilenet_v2(num_classes=400))
    write_param_names("timesformer_base", tsm.TimeSformer())


if __name__ == "__main__":
    main()

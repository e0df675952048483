"""Writes the PyTorch checkpoint fixtures of test/weights/torch-*.test.ts with the system python
(Debian's python3-torch 1.13, which writes both torch formats: the zip one, and the legacy one with
_use_new_zipfile_serialization=False):

    /usr/bin/python3 refs/make_checkpoint_fixtures.py            # tiny, committed: test/fixtures/checkpoints
    /usr/bin/python3 refs/make_checkpoint_fixtures.py --full DIR # full-size examples, ~1 GB, not committed

Each layout fixture is a checkpoint saved the way the official code saves it, from a module with the
official code's structure (refs/official_layouts.py), with an input clip and that module's output.
"""
from __future__ import annotations

import collections
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import official_layouts as official  # noqa: E402
import tsm  # noqa: E402
from make_conformance_fixtures import write_safetensors  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "checkpoints")
T, SIZE = 4, 32


def save(obj, path: str, legacy: bool) -> None:
    torch.save(obj, path, _use_new_zipfile_serialization=not legacy)


def seeded(seed: int) -> torch.Generator:
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


def npy(folder: str, name: str, tensor: torch.Tensor) -> None:
    np.save(os.path.join(folder, name), tensor.detach().numpy().astype(np.float32))


def sgd_step(model: nn.Module, clip: torch.Tensor) -> torch.optim.Optimizer:
    """One SGD step with momentum, so the optimizer state holds tensors the loader must skip."""
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
    model.eval()
    with torch.enable_grad():
        model(clip).square().mean().backward()
    optimizer.step()
    optimizer.zero_grad()
    return optimizer


def official_tsm_resnet(layers, widths, stem, classes, seed) -> nn.Module:
    g = seeded(seed)
    base = tsm.VideoResNet(layers, T, classes, place="none", widths=widths, stem=stem)
    model = official.official_tsm(base, T, classes)
    tsm.randomize_batchnorm(model, g)
    return model


def layouts(out: str) -> None:
    clip = torch.randn(2, T, 3, SIZE, SIZE, generator=torch.Generator().manual_seed(77))

    # official TSM: legacy format, {epoch, arch, state_dict, optimizer, best_prec1} (main.py save_checkpoint)
    model = official_tsm_resnet([2, 2], (4, 8), 8, 10, 21)
    optimizer = sgd_step(model, clip)
    with torch.no_grad():
        expected = model(clip)
    save({"epoch": 25, "arch": "resnet50", "state_dict": model.state_dict(), "optimizer": optimizer.state_dict(),
          "best_prec1": 71.5}, os.path.join(out, "official_tsm.pth"), legacy=True)
    write_case(out, "official_tsm", clip, expected)

    # MMAction2 TSM: zip, {meta, state_dict}
    g = seeded(22)
    model = official.Recognizer2D([2, 2], (4, 8), 8, T, 10)
    tsm.randomize_batchnorm(model, g)
    model.eval()
    with torch.no_grad():
        expected = model(clip)
    save({"meta": {"mmaction2_version": "1.2.0", "epoch": 50}, "state_dict": model.state_dict()},
         os.path.join(out, "mmaction2_tsm.pth"), legacy=False)
    write_case(out, "mmaction2_tsm", clip, expected)

    # torchvision names (refs/tsm.py VideoResNet): zip, the bare state dict
    g = seeded(23)
    model = tsm.VideoResNet([2, 2], T, 10, place="residual", widths=(4, 8), stem=8)
    tsm.randomize_batchnorm(model, g)
    model.eval()
    with torch.no_grad():
        expected = model(clip)
    save(model.state_dict(), os.path.join(out, "torchvision_tsm.pt"), legacy=False)
    write_case(out, "torchvision_tsm", clip, expected)

    # TSM online demo MobileNetV2: legacy format, the bare state dict (mobilenetv2_jester_online.pth.tar)
    g = seeded(24)
    model = official.DemoMobileNetV2(27, setting=[[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 2, 2]], last_channel=64)
    tsm.randomize_batchnorm(model, g)
    model.eval()
    one = clip[:1]
    with torch.no_grad():
        frames = model.stream(one)
    save(model.state_dict(), os.path.join(out, "demo_mobilenetv2.pth.tar"), legacy=True)
    write_case(out, "demo_mobilenetv2", one, frames.mean(dim=1), frames)

    # official TimeSformer: zip .pyth, {epoch, model_state, optimizer_state, cfg} (utils/checkpoint.py)
    seeded(25)
    model = official.TimeSformer(img_size=SIZE, patch=8, frames=T, dim=32, depth=2, heads=4, num_classes=10)
    with torch.no_grad():
        for p in (model.model.cls_token, model.model.pos_embed, model.model.time_embed):
            p.copy_(torch.randn_like(p) * 0.5)
    tokens_clip = clip.permute(0, 2, 1, 3, 4).contiguous()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    model.eval()
    with torch.enable_grad():
        model(tokens_clip).square().mean().backward()
    optimizer.step()
    optimizer.zero_grad()
    with torch.no_grad():
        expected = model(tokens_clip)
    cfg = "MODEL:\n  ARCH: vit\n  NUM_CLASSES: 10\nDATA:\n  NUM_FRAMES: 4\n  TRAIN_CROP_SIZE: 32\n"
    save({"epoch": 15, "model_state": model.state_dict(), "optimizer_state": optimizer.state_dict(), "cfg": cfg},
         os.path.join(out, "timesformer.pyth"), legacy=False)
    write_case(out, "timesformer", tokens_clip, expected)

    # The same checkpoint run at 48x48 (a 6x6 patch grid, not 4x4) and 8 frames (not 4): the official
    # forward resizes pos_embed and time_embed (nearest) before adding them.
    big = official.TimeSformer(img_size=48, patch=8, frames=8, dim=32, depth=2, heads=4, num_classes=10)
    state = {k: v for k, v in model.state_dict().items() if not k.endswith(("pos_embed", "time_embed"))}
    big.load_state_dict(state, strict=False)
    pos, tim = official.resized_embeddings(model.model.pos_embed, model.model.time_embed, 6, 6, 8)
    with torch.no_grad():
        big.model.pos_embed.copy_(pos)
        big.model.time_embed.copy_(tim)
    big.eval()
    big_clip = torch.randn(2, 3, 8, 48, 48, generator=torch.Generator().manual_seed(78))
    with torch.no_grad():
        write_case(out, "timesformer_resized", big_clip, big(big_clip))


def write_case(out: str, name: str, clip, expected, frames=None) -> None:
    folder = os.path.join(out, name)
    os.makedirs(folder, exist_ok=True)
    npy(folder, "input.npy", clip)
    npy(folder, "expected.npy", expected)
    if frames is not None:
        npy(folder, "expected_frames.npy", frames)
    print(f"{name}: out {list(expected.shape)}")


class Evil:
    """A pickle that runs a shell command when Python loads it (what torch.load without weights_only does)."""

    def __reduce__(self):
        return (os.system, ("touch vnet-pickle-ran",))


def reader(out: str) -> None:
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6) / 7 - 1
    sd = collections.OrderedDict()
    sd["f32"] = base
    sd["transposed"] = base.t()  # strides (1, 6), the same storage as f32
    sd["slice"] = base[1:3, 2:5]  # offset 8, strides (6, 1)
    sd["f16"] = base.half()
    sd["bf16"] = base.bfloat16()
    sd["f64"] = base.double() / 3
    sd["i64"] = torch.arange(5)
    sd["param"] = nn.Parameter(torch.full((3,), 0.25))
    sd["scalar"] = torch.tensor(2.5)
    sd["empty"] = torch.zeros(0, 3)
    expected = {}
    for k, v in sd.items():
        entry = {"shape": list(v.shape)}
        if v.is_floating_point():
            entry["values"] = [float(x) for x in v.detach().float().reshape(-1)]
        expected[k] = entry
    for legacy in (False, True):
        tag = "legacy" if legacy else "zip"
        save({"epoch": 1, "state_dict": sd, "note": "reader fixture"}, os.path.join(out, f"tensors.{tag}.pth"), legacy)
        save(Evil(), os.path.join(out, f"evil.{tag}.pth"), legacy)
        save({"state_dict": {"fc.weight": torch.ones(3, 3), "fc.bias": Evil()}}, os.path.join(out, f"evil-tensor.{tag}.pth"), legacy)
        save({"state_dict": {"fc.weight": torch.ones(3, 3) / 2, "fc.bias": torch.arange(3.0)}, "optimizer": Evil()},
             os.path.join(out, f"evil-optimizer.{tag}.pth"), legacy)
    damaged(out, os.path.join(out, "evil-optimizer.zip.pth"))
    save({"state_dict": {"big": torch.zeros(1).expand(65536, 65536)}}, os.path.join(out, "broadcast.zip.pth"), legacy=False)
    with open(os.path.join(out, "tensors.json"), "w") as f:
        json.dump(expected, f)
        f.write("\n")


def damaged(out: str, source: str) -> None:
    """Zip checkpoints re-written without one storage entry, and with one storage cut short."""
    import zipfile
    with zipfile.ZipFile(source) as z:
        entries = [(info.filename, z.read(info.filename)) for info in z.infolist()]
    storages = [name for name, _ in entries if "/data/" in name]
    for tag, change in (("missing-storage", lambda name, data: None if name == storages[0] else data),
                        ("short-storage", lambda name, data: data[:-4] if name == storages[0] else data)):
        with zipfile.ZipFile(os.path.join(out, f"{tag}.zip.pth"), "w", zipfile.ZIP_STORED) as z:
            for name, data in entries:
                kept = change(name, data)
                if kept is not None:
                    z.writestr(name, kept)


def calibrate_batchnorm(model: nn.Module, clip: torch.Tensor, *args) -> None:
    """BatchNorm statistics measured on a clip (as training would leave them), so a deep random network
    keeps activations of a sane size; random statistics make ResNet-50's logits reach 1e4 and the
    comparison one of float rounding. Affine parameters randomized after."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None
    model.train()
    with torch.no_grad():
        model(clip, *args)
    model.eval()
    g = torch.Generator().manual_seed(5)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.copy_(torch.rand(m.num_features, generator=g) * 0.8 + 0.6)
                m.bias.copy_(torch.randn(m.num_features, generator=g) * 0.1)


def full(out: str, part: str = "all") -> None:
    """Full-size checkpoints for the opt-in test and the benchmark (never committed)."""
    import torchvision
    os.makedirs(out, exist_ok=True)
    global T
    T = 8
    clip = torch.randn(1, 8, 3, 224, 224, generator=torch.Generator().manual_seed(99))
    if part in ("all", "tsm"):
        full_tsm(out, clip, torchvision)
    if part in ("all", "timesformer"):
        full_timesformer(out, clip)
    if part in ("all", "demo"):
        full_demo(out, clip)


def full_tsm(out: str, clip: torch.Tensor, torchvision) -> None:
    seeded(31)
    model = official.official_tsm(torchvision.models.resnet50(), 8, 400)
    calibrate_batchnorm(model, clip)
    with torch.no_grad():
        expected = model(clip)
    sd = model.state_dict()
    save({"epoch": 50, "arch": "resnet50", "state_dict": sd, "optimizer": {"state": {}, "param_groups": []}, "best_prec1": 74.1},
         os.path.join(out, "TSM_kinetics_RGB_resnet50_shift8_blockres_avg_segment8_e50.pth"), legacy=True)
    write_safetensors(os.path.join(out, "tsm_resnet50.safetensors"),
                      {k.replace("module.base_model.", "").replace(".net", "").replace("module.new_fc.", "fc."): v
                       for k, v in sd.items() if not k.endswith("num_batches_tracked")})
    write_case(out, "tsm_resnet50", clip, expected)


def full_timesformer(out: str, clip: torch.Tensor) -> None:
    seeded(32)
    model = official.TimeSformer()
    with torch.no_grad():
        for p in (model.model.cls_token, model.model.pos_embed, model.model.time_embed):
            p.copy_(torch.randn_like(p) * 0.02)
    model.eval()
    tokens_clip = clip.permute(0, 2, 1, 3, 4).contiguous()
    with torch.no_grad():
        expected = model(tokens_clip)
    sd = model.state_dict()
    cfg = "MODEL:\n  ARCH: vit\n  NUM_CLASSES: 400\nDATA:\n  NUM_FRAMES: 8\n"
    save({"epoch": 15, "model_state": sd, "optimizer_state": {"state": {}, "param_groups": []}, "cfg": cfg},
         os.path.join(out, "TimeSformer_divST_8x32_224_K400.pyth"), legacy=False)
    write_safetensors(os.path.join(out, "timesformer_base.safetensors"), {k[len("model."):]: v for k, v in sd.items()})
    write_case(out, "timesformer_base", tokens_clip, expected)


def full_demo(out: str, clip: torch.Tensor) -> None:
    seeded(33)
    model = official.DemoMobileNetV2(27)
    frames = clip[0]  # the demo runs frame by frame: calibrate on the frames as a batch
    calibrate_batchnorm(model, frames, *model._zero_buffers(frames))
    with torch.no_grad():
        frames = model.stream(clip)
    save(model.state_dict(), os.path.join(out, "mobilenetv2_jester_online.pth.tar"), legacy=True)
    write_case(out, "tsm_mobilenetv2_online", clip, frames.mean(dim=1), frames)


def main() -> None:
    torch.set_grad_enabled(False)
    if len(sys.argv) in (3, 4) and sys.argv[1] == "--full":
        full(os.path.abspath(sys.argv[2]), sys.argv[3] if len(sys.argv) == 4 else "all")
        return
    os.makedirs(OUT, exist_ok=True)
    reader(OUT)
    layouts(OUT)


if __name__ == "__main__":
    main()

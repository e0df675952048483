"""Shared by the video-zoo reference scripts (refs/zoo/<example>.py): options, seeded weights with
realistic BatchNorm statistics, and the files every script writes.

The contract (refs/zoo/README.md), the same for every script:

    /usr/bin/python3 refs/zoo/<example>.py --out DIR [--seed 0] [--frames T] [--size S] [--classes K]
        [--variant NAME] [--export] [--params-only]

writes DIR/state_dict.pth (the reference module's own state_dict(), torch.save's zip format),
DIR/clip.npy (a float32 random clip in the .vnet network's input layout), DIR/logits.npy (the
module's eval-mode output on it), DIR/meta.json ({"set": the vnetc --set overrides that build the
same configuration, "params": the module's parameter count}) and, with --export, DIR/model.onnx
(torch.onnx.export of the same module, opset 17). A network with several inputs (SlowFast) also
lists them in meta.json: "inputs": {network input name: .npy file in DIR}, in the network's order.

Run with Debian's python3-torch (1.13) and numpy; vnet itself never needs Python.
"""
from __future__ import annotations

import argparse
import json
import os
from typing import Callable, Dict, Optional, Sequence

import numpy as np
import torch
import torch.nn as nn


def parse_args(description: str, frames: int, size: int, classes: int = 400, variants: Sequence[str] = ()) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--out", required=True, help="folder to write into (created)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--frames", type=int, default=frames, help=f"clip length T (default {frames})")
    p.add_argument("--size", type=int, default=size, help=f"crop size S (default {size})")
    p.add_argument("--classes", type=int, default=classes, help=f"classes K (default {classes})")
    p.add_argument("--batch", type=int, default=1, help="clips in the random input (default 1)")
    if variants:
        p.add_argument("--variant", default=variants[0], choices=list(variants))
    else:
        p.add_argument("--variant", default=None)
    p.add_argument("--export", action="store_true", help="also write model.onnx (torch.onnx.export, opset 17)")
    p.add_argument("--params-only", action="store_true", help="print {\"set\", \"params\"} as JSON and write nothing (cheap at full size)")
    return p.parse_args()


def params_only(args: argparse.Namespace, model: nn.Module, overrides: Dict[str, object]) -> bool:
    """With --params-only: prints the configuration's parameter count (no weights drawn, nothing run)."""
    if not args.params_only:
        return False
    print(json.dumps({"set": overrides, "params": param_count(model)}))
    return True


def run_clip_model(args: argparse.Namespace, model: nn.Module, overrides: Dict[str, object]) -> None:
    """The whole run of a model with one [N, 3, T, S, S] clip input: --params-only, or seeded weights
    and statistics, a random clip and every output file."""
    if params_only(args, model, overrides):
        return
    clip = random_clip([args.batch, 3, args.frames, args.size, args.size], args.seed)
    randomize(model, [clip], args.seed)
    write_outputs(args, model, {"clip": clip}, overrides)


def randomize(model: nn.Module, inputs: Sequence[torch.Tensor], seed: int) -> None:
    """Seeded weights (PyTorch's default init, drawn after torch.manual_seed) and random BatchNorm affine
    parameters; then BatchNorm statistics measured on the clip (a train-mode pass) and perturbed by a few
    percent, so every running_mean, running_var, weight and bias differs from its default while the
    activations keep a sane scale through a deep network."""
    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed + 1)
    norms = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Conv3d, nn.Linear)):
                m.reset_parameters()
        for m in norms:
            c = m.num_features
            m.weight.copy_(0.5 + torch.rand(c, generator=g))
            m.bias.copy_(0.1 * torch.randn(c, generator=g))
            m.reset_running_stats()
            m.momentum = None  # a cumulative average: one pass gives the pass's own statistics
        model.train()
        model(*inputs)
        model.eval()
        for m in norms:
            c = m.num_features
            m.running_mean.add_(0.05 * torch.randn(c, generator=g) * m.running_var.sqrt())
            m.running_var.mul_(0.9 + 0.2 * torch.rand(c, generator=g))


def random_clip(shape: Sequence[int], seed: int) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed + 2)
    return torch.randn(*shape, generator=g)


def param_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def write_outputs(
    args: argparse.Namespace,
    model: nn.Module,
    inputs: Dict[str, torch.Tensor],
    overrides: Dict[str, object],
    forward: Optional[Callable[..., torch.Tensor]] = None,
) -> None:
    """Writes state_dict.pth, the inputs (the first as clip.npy), logits.npy, meta.json and, with --export,
    model.onnx. `inputs` are the network's inputs by name, in its order; `forward` maps them to the output
    (default: model(*inputs))."""
    os.makedirs(args.out, exist_ok=True)
    model.eval()
    run = forward or (lambda *xs: model(*xs))
    values = list(inputs.values())
    with torch.no_grad():
        logits = run(*values)
    torch.save(model.state_dict(), os.path.join(args.out, "state_dict.pth"))
    files = {}
    for i, (name, value) in enumerate(inputs.items()):
        file = "clip.npy" if i == 0 else f"{name}.npy"
        np.save(os.path.join(args.out, file), value.numpy().astype(np.float32))
        files[name] = file
    np.save(os.path.join(args.out, "logits.npy"), logits.numpy().astype(np.float32))
    meta = {"set": overrides, "params": param_count(model)}
    if len(files) > 1:
        meta["inputs"] = files
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    if args.export:
        export(model, inputs, os.path.join(args.out, "model.onnx"), forward)


class _Forward(nn.Module):
    """A module whose forward is `forward(*inputs)`, for exporting a model called another way."""

    def __init__(self, model: nn.Module, forward: Callable[..., torch.Tensor]):
        super().__init__()
        self.model = model
        self.call = forward

    def forward(self, *xs):
        return self.call(*xs)


def export(model: nn.Module, inputs: Dict[str, torch.Tensor], path: str, forward: Optional[Callable[..., torch.Tensor]] = None) -> None:
    module = model if forward is None else _Forward(model, forward)
    torch.onnx.export(
        module,
        tuple(inputs.values()),
        path,
        opset_version=17,
        input_names=list(inputs.keys()),
        output_names=["logits"],
        do_constant_folding=True,
    )

"""Exports TSM-ResNet50 the common PyTorch way, as the baseline of the shift benchmark.

The model is built as in the official repo (mit-han-lab/temporal-shift-module, ops/temporal_shift.py):
every torchvision Bottleneck's conv1 is wrapped in a TemporalShift module whose shift allocates
`torch.zeros_like(x)` and fills it by slice assignment ('blockres' placement, n_div = 8). Exported with
torch.onnx.export, opset 17, batch 1, 8 frames of 224x224; input `clip` [1, 8, 3, 224, 224], output
`logits` [1, 400]. With a static batch the tracer turns each `zeros_like` into an activation-sized
constant (the file is about 280 MB); `--dynamic-batch` keeps them as ConstantOfShape. Weights are torchvision's random init (no download), seeded; the benchmark times
the graph, not the accuracy.

    /usr/bin/python3 refs/export_tsm_torch.py OUT.onnx [--frames 8] [--size 224] [--classes 400] [--opset 17]
"""
from __future__ import annotations

import argparse

import torch
import torch.nn as nn
import torchvision


class TemporalShift(nn.Module):
    """The official TemporalShift (inplace=False), wrapping the module it precedes."""

    def __init__(self, net: nn.Module, n_segment: int = 8, n_div: int = 8):
        super().__init__()
        self.net = net
        self.n_segment = n_segment
        self.fold_div = n_div

    def forward(self, x):
        return self.net(self.shift(x, self.n_segment, self.fold_div))

    @staticmethod
    def shift(x, n_segment, fold_div=8):
        nt, c, h, w = x.size()
        n_batch = nt // n_segment
        x = x.view(n_batch, n_segment, c, h, w)
        fold = c // fold_div
        out = torch.zeros_like(x)
        out[:, :-1, :fold] = x[:, 1:, :fold]  # shift left
        out[:, 1:, fold:2 * fold] = x[:, :-1, fold:2 * fold]  # shift right
        out[:, :, 2 * fold:] = x[:, :, 2 * fold:]  # not shift
        return out.view(nt, c, h, w)


class TSM(nn.Module):
    """TSN-style wrapper: frames as batch, ResNet-50 with residual shifts, average consensus."""

    def __init__(self, n_segment: int, num_classes: int):
        super().__init__()
        self.n_segment = n_segment
        self.base_model = torchvision.models.resnet50(num_classes=num_classes)
        for layer in (self.base_model.layer1, self.base_model.layer2, self.base_model.layer3, self.base_model.layer4):
            for block in layer:
                block.conv1 = TemporalShift(block.conv1, n_segment=n_segment, n_div=8)  # shift_place='blockres'

    def forward(self, clip):
        n, t, c, h, w = clip.shape
        logits = self.base_model(clip.reshape(n * t, c, h, w))
        return logits.reshape(n, t, -1).mean(dim=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", help="where to write the .onnx file")
    parser.add_argument("--frames", type=int, default=8)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--classes", type=int, default=400)
    parser.add_argument("--opset", type=int, default=17)
    parser.add_argument("--dynamic-batch", action="store_true",
                        help="make the batch axis symbolic; with a static batch the tracer folds every "
                             "zeros_like into an activation-sized constant (about 170 MB of zeros)")
    args = parser.parse_args()

    torch.manual_seed(0)
    model = TSM(args.frames, args.classes).eval()
    clip = torch.randn(1, args.frames, 3, args.size, args.size)
    with torch.no_grad():
        torch.onnx.export(model, (clip,), args.output, opset_version=args.opset, input_names=["clip"],
                          output_names=["logits"], do_constant_folding=True,
                          dynamic_axes={"clip": {0: "N"}, "logits": {0: "N"}} if args.dynamic_batch else None)
    print(f"wrote {args.output}: TSM-ResNet50, 1x{args.frames}x3x{args.size}x{args.size} -> 1x{args.classes}, "
          f"opset {args.opset}")


if __name__ == "__main__":
    main()

"""torchvision's VideoResNet models (0.14, as Debian ships them) as the references of the examples written
with examples/lib/video_resnet.vnet: r2plus1d_18.vnet (and r3d_18 by `--set CONV=simple`) and mc3_18.vnet.
Input [N, 3, T, S, S]; the state dict loads into vnet unchanged. Contract: refs/zoo/common.py."""
from __future__ import annotations

import os
import sys
from typing import Dict

import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


def run(doc: str, variants: Dict[str, Dict[str, object]]) -> None:
    """`variants`: torchvision builder name -> the --set overrides (beyond T, SIZE, CLASSES) that make it."""
    args = common.parse_args(doc, frames=16, size=112, variants=list(variants))
    model = getattr(torchvision.models.video, args.variant)(num_classes=args.classes)
    overrides = {"T": args.frames, "SIZE": args.size, "CLASSES": args.classes, **variants[args.variant]}
    common.run_clip_model(args, model, overrides)

"""The PyTorch reference of examples/s3d.vnet: torchvision's own s3d (0.14, as Debian ships it), whose
.pth loads into vnet unchanged. Input [N, 3, T, S, S]. The final AvgPool3d is (2, 7, 7) at the official
16 x 224 x 224; at other sizes the pool has no parameters, so the script sizes it to the feature map
(T/8, S/32, S/32) and passes the same to vnet (POOL_T, POOL_S). Contract: refs/zoo/common.py."""
from __future__ import annotations

import os
import sys

import torch.nn as nn
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


def main() -> None:
    args = common.parse_args(__doc__, frames=16, size=224)
    model = torchvision.models.video.s3d(num_classes=args.classes)
    pool_t, pool_s = max(1, args.frames // 8), max(1, args.size // 32)
    overrides = {"T": args.frames, "SIZE": args.size, "CLASSES": args.classes}
    if (pool_t, pool_s) != (2, 7):
        model.avgpool = nn.AvgPool3d(kernel_size=(pool_t, pool_s, pool_s), stride=1)
        overrides.update({"POOL_T": pool_t, "POOL_S": pool_s})
    common.run_clip_model(args, model, overrides)


if __name__ == "__main__":
    main()

"""The PyTorch reference of examples/r2plus1d_18.vnet: torchvision's own r2plus1d_18, and with
--variant r3d_18 torchvision's r3d_18 (the same example with `--set CONV=simple`). Contract:
refs/zoo/common.py."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from video_resnet import run  # noqa: E402

if __name__ == "__main__":
    run(__doc__, {"r2plus1d_18": {}, "r3d_18": {"CONV": "simple"}})

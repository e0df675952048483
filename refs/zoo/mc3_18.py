"""The PyTorch reference of examples/mc3_18.vnet: torchvision's own mc3_18. Contract: refs/zoo/common.py."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from video_resnet import run  # noqa: E402

if __name__ == "__main__":
    run(__doc__, {"mc3_18": {}})

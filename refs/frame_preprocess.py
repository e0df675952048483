"""The reference for one frame's resize and crop (portable/frame.ts): torchvision's Resize(size) on a PIL
image (Pillow's bilinear resize of the shorter side to `size`, the longer to int(size * long / short)),
then CenterCrop((height, width)), which pads with zeros when the crop is larger than the image.

Reads frames from stdin until its end, each as a line `width height size crop_height crop_width` then
width * height * 3 RGB bytes; writes each frame's cropped RGB bytes (crop_height * crop_width * 3) to stdout.
"""
import sys

import torchvision.transforms.functional as F
from PIL import Image
from torchvision.transforms import InterpolationMode


def main():
    data = sys.stdin.buffer.read()
    at = 0
    while at < len(data):
        end = data.index(b"\n", at)
        width, height, size, crop_height, crop_width = (int(v) for v in data[at:end].split())
        at = end + 1 + width * height * 3
        image = Image.frombytes("RGB", (width, height), data[end + 1 : at])
        resized = F.resize(image, size, interpolation=InterpolationMode.BILINEAR)
        sys.stdout.buffer.write(F.center_crop(resized, [crop_height, crop_width]).tobytes())


if __name__ == "__main__":
    main()

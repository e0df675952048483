"""Independent reference for vnet's video preprocessing (test/runtime/video/reference.test.ts).

Decodes the given 0-based frames with PyAV (as TimeSformer's decoder does), then applies the TSM test
transforms by hand on PIL images: shorter side to RESIZE (PIL bilinear, torchvision's size rule),
centre crop CROP (torchvision's offsets), /255, ImageNet mean/std, layout [1, T, 3, H, W].

usage: python3 video_preprocess.py VIDEO RESIZE CROP OUT.npy RAW.npy INDEX [INDEX ...]
RAW.npy gets the decoded RGB frames [T, H, W, 3] uint8 (to compare decoding apart from the transforms).
"""
import sys

import av
import numpy as np
from PIL import Image


def decode(path, indices):
    wanted = set(indices)
    frames = {}
    with av.open(path) as container:
        for n, frame in enumerate(container.decode(video=0)):
            if n in wanted:
                frames[n] = frame.to_ndarray(format="rgb24")
            if len(frames) == len(wanted):
                break
    return [frames[i] for i in indices]


def resize_shorter(img, size):
    w, h = img.size
    if w <= h:
        ow, oh = size, int(size * h / w)
    else:
        ow, oh = int(size * w / h), size
    return img.resize((ow, oh), Image.BILINEAR)


def centre_crop(img, size):
    w, h = img.size
    top = int(round((h - size) / 2.0))
    left = int(round((w - size) / 2.0))
    return img.crop((left, top, left + size, top + size))


def main():
    path, resize, crop, out, raw = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    indices = [int(i) for i in sys.argv[6:]]
    rgb = decode(path, indices)
    np.save(raw, np.stack(rgb))
    mean = np.array([0.485, 0.456, 0.406], dtype=np.float32).reshape(3, 1, 1)
    std = np.array([0.229, 0.224, 0.225], dtype=np.float32).reshape(3, 1, 1)
    clip = []
    for frame in rgb:
        img = centre_crop(resize_shorter(Image.fromarray(frame), resize), crop)
        x = np.asarray(img, dtype=np.float32).transpose(2, 0, 1) / np.float32(255)
        clip.append((x - mean) / std)
    np.save(out, np.stack(clip)[None].astype(np.float32))


if __name__ == "__main__":
    main()

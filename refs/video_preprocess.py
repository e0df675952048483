"""Independent reference for vnet's video preprocessing (test/runtime/video/*.test.ts).

Decodes with PyAV (as TimeSformer's decoder does): frame n is the n-th frame `container.decode(video=0)`
returns, converted with `frame.to_ndarray(format="rgb24")` (swscale bilinear, what `to_image()` gives).
`--rotate CW` turns each frame CW degrees clockwise after the conversion (the upright picture of a file
whose display matrix asks for it). Then the TSM test transforms by hand on PIL images: shorter side to
RESIZE (PIL bilinear, torchvision's size rule), centre crop CROP (torchvision's offsets), /255, ImageNet
mean/std, layout [1, T, 3, H, W].

usage: python3 video_preprocess.py VIDEO RESIZE CROP OUT.npy RAW.npy [--rotate CW] (--segments T | INDEX [INDEX ...])
With --segments T the frames are TSN's test indices int(tick / 2 + tick * x), tick = count / T, over the
frames PyAV decodes. RAW.npy gets the decoded RGB frames [T, H, W, 3] uint8. Prints a JSON line:
{"count": frames decoded, "frames": the indices, "frame_times": seconds from the first frame}.
A decoding error ends the count where it happened (as a loop over container.decode() does).
"""
import json
import sys

import av
import numpy as np
from PIL import Image


def decode_all(path, wanted):
    """(count, {n: rgb}, {n: seconds from the first frame}); wanted=None keeps nothing."""
    frames, times, count, first = {}, {}, 0, None
    with av.open(path) as container:
        try:
            for n, frame in enumerate(container.decode(video=0)):
                count = n + 1
                if first is None:
                    first = frame.pts
                if wanted is not None and n in wanted:
                    frames[n] = frame.to_ndarray(format="rgb24")
                    times[n] = float((frame.pts - first) * frame.time_base)
        except av.AVError as error:
            print(f"decoding stopped after {count} frames: {error}", file=sys.stderr)
    return count, frames, times


def segment_indices(count, t):
    tick = count / t
    return [int(tick / 2.0 + tick * x) for x in range(t)]


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
    rest = sys.argv[6:]
    rotate = 0
    if rest[:1] == ["--rotate"]:
        rotate, rest = int(rest[1]), rest[2:]
    if rest[:1] == ["--segments"]:
        count, _, _ = decode_all(path, None)
        indices = segment_indices(count, int(rest[1]))
    else:
        indices = [int(i) for i in rest]
    # Every frame is decoded (no early stop), so `count` is PyAV's whole count.
    count, frames, times = decode_all(path, set(indices))
    rgb = [np.ascontiguousarray(np.rot90(frames[i], -(rotate // 90))) for i in indices]
    np.save(raw, np.stack(rgb))
    mean = np.array([0.485, 0.456, 0.406], dtype=np.float32).reshape(3, 1, 1)
    std = np.array([0.229, 0.224, 0.225], dtype=np.float32).reshape(3, 1, 1)
    clip = []
    for frame in rgb:
        img = centre_crop(resize_shorter(Image.fromarray(frame), resize), crop)
        x = np.asarray(img, dtype=np.float32).transpose(2, 0, 1) / np.float32(255)
        clip.append((x - mean) / std)
    np.save(out, np.stack(clip)[None].astype(np.float32))
    print(json.dumps({"count": count, "frames": indices, "frame_times": [times[i] for i in indices]}))


if __name__ == "__main__":
    main()

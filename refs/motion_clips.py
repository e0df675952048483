"""Moving-square clips: the synthetic temporal task of vnet's int8 drift figures (refs/train_motion.py).

A 6x6 square of one colour crosses a 32x32 noisy frame in one of 8 directions, 2 pixels per frame, over
T = 8 frames; the class is the direction (0: right, then counter-clockwise in 45-degree steps). Its mean
position is the frame centre plus a random offset, so a single frame, or the set of frames in any order,
cannot tell right from left: only the order of the frames does. TSN (per-frame features averaged) can
at best tell the axis of motion; TSM's shift lets a convolution compare neighbouring frames.

Every number comes from a stateless 32-bit integer hash of (seed, clip, index), so this file and its
TypeScript twin (bench/motion-clips.ts) produce the same float32 values bit for bit, and any clip can be
made alone. Values are (v - 0.45) / 0.225 with v in [0, 1] (TimeSformer's mean and std).
"""
import numpy as np

T = 8
SIZE = 32
SQUARE = 6
SPEED = 2
CLASSES = 8
# (dx, dy) per class, y pointing down: right, up-right, up, up-left, left, down-left, down, down-right.
DIRECTIONS = [(1, 0), (1, -1), (0, -1), (-1, -1), (-1, 0), (-1, 1), (0, 1), (1, 1)]
MEAN = 0.45
STD = 0.225

M32 = np.uint64(0xFFFFFFFF)


def hash32(seed, clip, index):
    """lowbias32 of seed, clip and index mixed: uint32 arrays (numpy broadcasting)."""
    x = (np.uint64(seed) * np.uint64(0x9E3779B1) + np.uint64(clip) * np.uint64(0x85EBCA77) + np.asarray(index, dtype=np.uint64)) & M32
    x ^= x >> np.uint64(16)
    x = (x * np.uint64(0x7FEB352D)) & M32
    x ^= x >> np.uint64(15)
    x = (x * np.uint64(0x846CA68B)) & M32
    x ^= x >> np.uint64(16)
    return x


def clip(seed, i):
    """Clip i of the set `seed`: (float32 [T, 3, SIZE, SIZE], class)."""
    head = [int(v) for v in hash32(seed, i, np.arange(6))]
    label = head[0] % CLASSES
    colour = [0.5 + (head[1 + c] % 128) / 256 for c in range(3)]
    ox, oy = head[4] % 13 - 6, head[5] % 13 - 6
    noise = (hash32(seed, i, np.arange(T * 3 * SIZE * SIZE) + 16) % np.uint64(64)).astype(np.float64) / 256
    frames = noise.reshape(T, 3, SIZE, SIZE)
    dx, dy = DIRECTIONS[label]
    for t in range(T):
        # Frame t's centre: (2t - 7) is (t - 3.5) * SPEED, so the mean over the clip is the centre plus the offset.
        cx = SIZE // 2 + ox + (2 * t - 7) * dx
        cy = SIZE // 2 + oy + (2 * t - 7) * dy
        y0, y1 = max(0, cy - SQUARE // 2), min(SIZE, cy + SQUARE // 2)
        x0, x1 = max(0, cx - SQUARE // 2), min(SIZE, cx + SQUARE // 2)
        for c in range(3):
            frames[t, c, y0:y1, x0:x1] = colour[c]
    return ((frames - MEAN) / STD).astype(np.float32), label


def clips(seed, count):
    xs, ys = zip(*(clip(seed, i) for i in range(count)))
    return np.stack(xs), np.array(ys, dtype=np.int64)

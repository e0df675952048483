"""Trains the small TSN and TSM networks of data/motion/ on the moving-square task (refs/motion_clips.py).

    /usr/bin/python3 refs/train_motion.py data/motion        # minutes on 2 cores (Debian's python3-torch)

The network is data/motion/motion.vnet: a ResNet stem (3x3 conv, stride 2, 16 channels), one bottleneck
stage of 16 -> 32 channels at 16x16 and one of 32 -> 64 at 8x8 (torchvision's Bottleneck, stride on the 3x3
conv), global average pooling, a linear over the 8 classes and the average over the 8 frames (TSN's
consensus). TSM shifts 1/8 of the channels each way at the start of each residual branch (the official
residual shift, mit-han-lab/temporal-shift-module ops/temporal_shift.py); TSN is the same network
without the shift. Parameters carry torchvision's names, so `vnetc compile data/motion/motion.vnet
--network tsm_motion --weights data/motion/tsm_motion.pth` loads them unchanged.

Training clips are set 1, held-out clips set 2 (vnet calibrates int8 models on set 3). Prints the
held-out accuracy of both networks.
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, __file__.rsplit('/', 1)[0])
import motion_clips  # noqa: E402

T = motion_clips.T
TRAIN, HELD_OUT = 2000, 1000
EPOCHS, BATCH = 8, 32


def shift(x, segments, fold_div=8):
    """The official bi-directional temporal shift: [:fold] from t+1, [fold:2fold] from t-1, zeros outside."""
    nt, c, h, w = x.size()
    x = x.view(nt // segments, segments, c, h, w)
    fold = c // fold_div
    out = torch.zeros_like(x)
    out[:, :-1, :fold] = x[:, 1:, :fold]
    out[:, 1:, fold:2 * fold] = x[:, :-1, fold:2 * fold]
    out[:, :, 2 * fold:] = x[:, :, 2 * fold:]
    return out.view(nt, c, h, w)


class Bottleneck(nn.Module):
    def __init__(self, inplanes, planes, stride, temporal):
        super().__init__()
        self.temporal = temporal
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.downsample = None
        if stride != 1 or inplanes != planes * 4:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes * 4, 1, stride=stride, bias=False), nn.BatchNorm2d(planes * 4))

    def forward(self, x):
        y = shift(x, T) if self.temporal else x
        y = F.relu(self.bn1(self.conv1(y)))
        y = F.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        return F.relu(y + (self.downsample(x) if self.downsample is not None else x))


class MotionNet(nn.Module):
    def __init__(self, temporal):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.layer1 = nn.Sequential(Bottleneck(16, 8, 1, temporal))
        self.layer2 = nn.Sequential(Bottleneck(32, 16, 2, temporal))
        self.fc = nn.Linear(64, motion_clips.CLASSES)

    def forward(self, clip):
        n = clip.shape[0]
        x = clip.reshape(n * T, *clip.shape[2:])
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer2(self.layer1(x))
        x = self.fc(x.mean((2, 3)))
        return x.view(n, T, -1).mean(1)


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def train(temporal, x, y):
    torch.manual_seed(0)
    model = MotionNet(temporal)
    steps = EPOCHS * (len(x) // BATCH)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=steps)
    gen = torch.Generator().manual_seed(0)
    for epoch in range(EPOCHS):
        model.train()
        order = torch.randperm(len(x), generator=gen)
        for b in range(len(x) // BATCH):
            idx = order[b * BATCH:(b + 1) * BATCH]
            loss = F.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        print(f"  {'TSM' if temporal else 'TSN'} epoch {epoch + 1}/{EPOCHS}: loss {loss.item():.3f}", flush=True)
    return model


def main(out):
    torch.set_num_threads(2)
    start = time.time()
    x, y = (torch.from_numpy(a) for a in motion_clips.clips(1, TRAIN))
    hx, hy = (torch.from_numpy(a) for a in motion_clips.clips(2, HELD_OUT))
    results = {}
    for name, temporal in (('tsn', False), ('tsm', True)):
        model = train(temporal, x, y)
        results[name] = accuracy(model, hx, hy)
        torch.save(model.state_dict(), f'{out}/{name}_motion.pth')
    print(f"held-out accuracy ({HELD_OUT} clips of set 2): TSN {100 * results['tsn']:.1f}%, TSM {100 * results['tsm']:.1f}% "
          f"({time.time() - start:.0f} s)")


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'data/motion')

"""Exports the PyTorch reference TimeSformer (refs/timesformer.py) with torch.onnx.export, for bench/timesformer.ts.

    python3 refs/export_timesformer.py --out DIR [--attention divided_space_time] [--frames 8] [--size 224]

Writes DIR/timesformer_<attention>_<frames>x<size>.onnx (opset 17, batch 1) and, next to it, the same random
weights as .safetensors under the official parameter names (so vnet can compile the same model) plus the
logits of a fixed input (.json) for a numeric cross-check. Prints the ONNX path.
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from make_attention_fixtures import write_safetensors  # noqa: E402
from timesformer import VisionTransformer, init_random  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    ap.add_argument('--attention', default='divided_space_time')
    ap.add_argument('--frames', type=int, default=8)
    ap.add_argument('--size', type=int, default=224)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    stem = os.path.join(args.out, f'timesformer_{args.attention}_{args.frames}x{args.size}')
    torch.set_num_threads(2)
    model = init_random(VisionTransformer(img_size=args.size, num_frames=args.frames, attention_type=args.attention)).eval()
    clip = torch.linspace(-1, 1, 3 * args.frames * args.size * args.size).reshape(1, 3, args.frames, args.size, args.size)
    with torch.no_grad():
        logits = model(clip)
        torch.onnx.export(model, clip, stem + '.onnx', opset_version=17, input_names=['clip'], output_names=['logits'])
    write_safetensors(stem + '.safetensors', dict(model.named_parameters()))
    with open(stem + '.json', 'w') as f:
        json.dump({'input': 'linspace(-1, 1)', 'shape': list(clip.shape), 'logits': logits.reshape(-1).tolist()}, f)
    print(stem + '.onnx')


if __name__ == '__main__':
    main()

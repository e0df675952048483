"""Writes the small TimeSformer fixtures of test/fixtures/attention/ (run with /usr/bin/python3; CI only reads them).

One model per variant (D=32, 2 heads, depth 2, 4 frames of 32x32, patch 8, 10 classes), random weights under the
official parameter names (`<variant>.safetensors`), one shared input clip of batch 2 (`input.f32`, raw little-endian
float32) and the PyTorch logits of every variant (`expected.json`).
"""
import json
import os
import struct
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from timesformer import VisionTransformer, init_random  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'attention')
CONFIG = dict(img_size=32, patch_size=8, num_classes=10, embed_dim=32, depth=2, num_heads=2, num_frames=4)
BATCH = 2
# file stem -> official attention_type
VARIANTS = {
    'space': 'space_only',
    'joint': 'joint_space_time',
    'divided': 'divided_space_time',
    'local_global': 'local_global',
    'axial': 'axial',
}


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        data = t.detach().contiguous().to(torch.float32).numpy().astype('<f4').tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main():
    os.makedirs(OUT, exist_ok=True)
    gen = torch.Generator().manual_seed(1234)
    clip = torch.randn(BATCH, 3, CONFIG['num_frames'], CONFIG['img_size'], CONFIG['img_size'], generator=gen)
    with open(os.path.join(OUT, 'input.f32'), 'wb') as f:
        f.write(clip.numpy().astype('<f4').tobytes())
    expected = {'input': {'file': 'input.f32', 'shape': list(clip.shape)}, 'config': CONFIG, 'variants': {}}
    for seed, (stem, kind) in enumerate(VARIANTS.items()):
        model = init_random(VisionTransformer(attention_type=kind, **CONFIG), seed=seed).eval()
        with torch.no_grad():
            logits = model(clip)
        write_safetensors(os.path.join(OUT, f'{stem}.safetensors'), dict(model.named_parameters()))
        expected['variants'][stem] = {
            'attention_type': kind,
            'weights': f'{stem}.safetensors',
            'shape': list(logits.shape),
            'logits': [round(v, 7) for v in logits.reshape(-1).tolist()],
        }
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()

/**
 * Checkpoints saved the way the official code saves them, from modules with the official code's own
 * structure (refs/official_layouts.py, refs/make_checkpoint_fixtures.py), compile with plain
 * `--weights FILE` and give that module's output on onnxruntime within 1e-4.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStream } from '../../runtime/stream.js';
import { CONFORMANCE, ROOT, compileFile, errorsAndWarnings, loadNpy, maxScaledError, runCpu } from '../conformance/harness.js';

const DIR = path.join(ROOT, 'test/fixtures/checkpoints');

const CASES = [
  {
    name: 'official_tsm',
    file: 'official_tsm.pth',
    vnet: path.join(CONFORMANCE, 'tsm_tiny.vnet'),
    note: "'official_tsm.pth': PyTorch checkpoint (legacy format), state dict 'state_dict', official TSM (module., base_model., .net, new_fc) names: 77 of 77 tensors mapped to the network",
  },
  {
    name: 'mmaction2_tsm',
    file: 'mmaction2_tsm.pth',
    vnet: path.join(CONFORMANCE, 'tsm_tiny.vnet'),
    note: "'mmaction2_tsm.pth': PyTorch checkpoint (zip), state dict 'state_dict', MMAction2 (backbone., conv.conv / conv.bn, cls_head.fc_cls) names: 77 of 77 tensors mapped to the network",
  },
  {
    name: 'torchvision_tsm',
    file: 'torchvision_tsm.pt',
    vnet: path.join(CONFORMANCE, 'tsm_tiny.vnet'),
    note: "'torchvision_tsm.pt': PyTorch checkpoint (zip), names used as they are: 77 of 77 tensors mapped to the network",
  },
  {
    name: 'timesformer',
    file: 'timesformer.pyth',
    vnet: path.join(CONFORMANCE, 'timesformer_tiny.vnet'),
    note: "'timesformer.pyth': PyTorch checkpoint (zip), state dict 'model_state', official TimeSformer (model.) names: 49 of 49 tensors mapped to the network",
  },
  {
    name: 'demo_mobilenetv2',
    file: 'demo_mobilenetv2.pth.tar',
    vnet: path.join(DIR, 'demo_mobilenetv2.vnet'),
    note: "'demo_mobilenetv2.pth.tar': PyTorch checkpoint (legacy format), TSM online demo MobileNetV2 (flat blocks, 'classifier') names: 82 of 82 tensors mapped to the network",
  },
] as const;

describe('official checkpoint layouts load unchanged and match the official modules', () => {
  for (const { name, file, vnet, note } of CASES) {
    it(`${file} (${name})`, async () => {
      const result = await compileFile(vnet, { weights: path.join(DIR, file), target: 'ort-cpu' });
      expect(errorsAndWarnings(result.diagnostics)).toEqual([]);
      const notes = result.diagnostics.filter((d) => d.code === 'VN423').map((d) => d.message.replace(path.join(DIR, file), file));
      expect(notes).toEqual([note]);
      const input = await loadNpy(path.join(DIR, name, 'input.npy'));
      const expected = await loadNpy(path.join(DIR, name, 'expected.npy'));
      const out = await runCpu(result.bytes as Uint8Array, [input]);
      expect(out.dims).toEqual(expected.dims);
      expect(maxScaledError(out.data, expected.data)).toBeLessThanOrEqual(1e-4);
    });
  }

  it('the demo MobileNetV2 streamed frame by frame (--online) equals forward(x, *shift_buffer) from zero buffers', async () => {
    const result = await compileFile(path.join(DIR, 'demo_mobilenetv2.vnet'), {
      weights: path.join(DIR, 'demo_mobilenetv2.pth.tar'),
      target: 'ort-cpu',
      online: true,
    });
    expect(errorsAndWarnings(result.diagnostics)).toEqual([]);
    const input = await loadNpy(path.join(DIR, 'demo_mobilenetv2', 'input.npy'));
    const frames = await loadNpy(path.join(DIR, 'demo_mobilenetv2', 'expected_frames.npy'));
    const t = input.dims[1] as number;
    const stream = await openStream(result.bytes as Uint8Array, { providers: ['cpu'], window: t });
    try {
      expect(stream.caches.length).toBe(2);
      const frameSize = input.data.length / t;
      for (let f = 0; f < t; f++) {
        const step = await stream.push(input.data.slice(f * frameSize, (f + 1) * frameSize));
        expect(maxScaledError(step.logits, frames.data.slice(f * 27, (f + 1) * 27))).toBeLessThanOrEqual(1e-4);
      }
    } finally {
      await stream.release();
    }
  });
});

describe('--resize-embeddings', () => {
  it('runs a TimeSformer checkpoint trained at 32x32, 4 frames, at 48x48, 8 frames, as the official forward does', async () => {
    const result = await compileFile(path.join(CONFORMANCE, 'timesformer_tiny.vnet'), {
      weights: path.join(DIR, 'timesformer.pyth'),
      sets: { T: '8', SIZE: '48' },
      resizeEmbeddings: true,
      target: 'ort-cpu',
    });
    expect(errorsAndWarnings(result.diagnostics)).toEqual([]);
    expect(result.diagnostics.filter((d) => d.code === 'VN426').map((d) => d.message)).toEqual([
      'pos_embed resized from [1, 17, 32] to [1, 37, 32] (patch grid 4x4 to 6x6, nearest, cls kept)',
      'time_embed resized from [1, 4, 32] to [1, 8, 32] (4 frames to 8, nearest)',
    ]);
    const input = await loadNpy(path.join(DIR, 'timesformer_resized', 'input.npy'));
    const expected = await loadNpy(path.join(DIR, 'timesformer_resized', 'expected.npy'));
    const out = await runCpu(result.bytes as Uint8Array, [input]);
    expect(maxScaledError(out.data, expected.data)).toBeLessThanOrEqual(1e-4);
  });

  it('without the flag, the mismatch stays an error whose hint names the flag', async () => {
    const result = await compileFile(path.join(CONFORMANCE, 'timesformer_tiny.vnet'), {
      weights: path.join(DIR, 'timesformer.pyth'),
      sets: { T: '8', SIZE: '48' },
    });
    expect(result.bytes).toBeUndefined();
    expect(result.diagnostics.find((d) => d.code === 'VN404')?.hint).toContain('--resize-embeddings');
  });
});

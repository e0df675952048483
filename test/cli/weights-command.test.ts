/** `vnetc weights FILE`: what a checkpoint holds, and `--to out.safetensors [--for net.vnet]`. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWeightsBytes } from '../../compiler/weights/read.js';
import { parseSafetensors, readFloat32 } from '../../compiler/weights/safetensors.js';
import { ROOT } from '../conformance/harness.js';
import { runVnetc, tempTree } from './helpers.js';

const DIR = path.join(ROOT, 'test/fixtures/checkpoints');
const fixture = (name: string): Buffer => readFileSync(path.join(DIR, name));

describe('vnetc weights', () => {
  it('describes an official TSM checkpoint', async () => {
    const cwd = await tempTree({ 'TSM.pth': fixture('official_tsm.pth') });
    const result = await runVnetc(['weights', 'TSM.pth'], cwd);
    expect(result.code).toBe(0);
    expect(result.out).toBe(
      [
        'TSM.pth: PyTorch checkpoint (legacy format)',
        'keys:       epoch, arch, state_dict, optimizer, best_prec1',
        "state dict: 'state_dict'",
        'tensors:    92 (77 F32, 15 I64)',
        'values:     5,506 floats (parameters and buffers)',
        'layout:     official TSM (module., base_model., .net, new_fc)',
        '',
      ].join('\n'),
    );
  });

  it('describes a bare state dict without a keys line (its keys are its tensors, which --list shows)', async () => {
    const cwd = await tempTree({ 'demo.pth.tar': fixture('demo_mobilenetv2.pth.tar') });
    const result = await runVnetc(['weights', 'demo.pth.tar'], cwd);
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    expect(lines[0]).toBe('demo.pth.tar: PyTorch checkpoint (legacy format)');
    expect(lines[1]).toBe('state dict: the file itself');
    expect(lines.every((line) => line.length < 120)).toBe(true);
  });

  it('lists every tensor with --list', async () => {
    const cwd = await tempTree({ 'w.pth': fixture('evil-optimizer.zip.pth') });
    const result = await runVnetc(['weights', 'w.pth', '--list'], cwd);
    expect(result.out.split('\n').slice(-3)).toEqual(['  fc.weight  F32 [3, 3]', '  fc.bias  F32 [3]', '']);
  });

  it('converts for a network: its parameters, under its names, equal to the checkpoint', async () => {
    const cwd = await tempTree({ 'demo.pth.tar': fixture('demo_mobilenetv2.pth.tar') });
    const net = path.join(DIR, 'demo_mobilenetv2.vnet');
    const result = await runVnetc(['weights', 'demo.pth.tar', '--to', 'w.safetensors', '--for', net], cwd);
    expect(result.out).toBe(`wrote w.safetensors: 82 tensors for ${net}\n`);
    expect(result.code).toBe(0);
    const parsed = parseSafetensors(readFileSync(path.join(cwd, 'w.safetensors')));
    if (!parsed.ok) throw new Error(parsed.error);
    const names = parsed.value.entries.map((e) => e.name);
    expect(names).toContain('features.2.conv.1.0.weight');
    expect(names).toContain('classifier.1.weight');
    // the demo's features.2.conv.3 (its depthwise conv) is torchvision's features.2.conv.1.0
    const dw = parsed.value.entries.find((e) => e.name === 'features.2.conv.1.0.weight')!;
    expect(dw.shape).toEqual([96, 1, 3, 3]);
    const values = readFloat32(parsed.value, dw);
    const source = readWeightsBytes(fixture('demo_mobilenetv2.pth.tar'), 'demo')
      .file?.tensors.find((t) => t.name === 'features.2.conv.3.weight')
      ?.read();
    expect(values.ok && source?.ok && values.value).toEqual(source?.ok && source.value);
  });

  it('refuses to convert a pickle that would run code (exit 1, nothing written)', async () => {
    const cwd = await tempTree({ 'evil.pth': fixture('evil.legacy.pth') });
    const result = await runVnetc(['weights', 'evil.pth', '--to', 'out.safetensors'], cwd);
    expect(result.code).toBe(1);
    expect(result.err).toContain("VN420: refused to load 'evil.pth'");
    expect(() => readFileSync(path.join(cwd, 'out.safetensors'))).toThrow();
  });
});

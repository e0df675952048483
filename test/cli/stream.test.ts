import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatNpy } from '../../runtime/npy.js';
import { ONE_SHIFT_ONLINE } from '../online/helpers.js';
import { runVnetc as vnetc } from './helpers.js';
import { untrainedWarning } from '../../portable/untrained.js';

function frames(count: number, seed: number): Float32Array {
  return Float32Array.from({ length: count * 3 * 8 * 8 }, (_, i) => Math.sin(i * 0.13 + seed));
}

interface StreamReport {
  readonly caches: number;
  readonly window: number;
  readonly frames: { frame: number; logits: { index: number; score: number }[]; smoothed: { index: number; score: number }[] }[];
}

describe('vnetc run --stream', () => {
  test('feeds a .npy clip frame by frame to a .vnet compiled online, with one cache per past shift', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vnet-stream-'));
    writeFileSync(path.join(dir, 'net.vnet'), ONE_SHIFT_ONLINE);
    writeFileSync(path.join(dir, 'clip.npy'), formatNpy({ type: 'float32', dims: [4, 3, 8, 8], data: frames(4, 0) }));
    const { code, out, err } = await vnetc(['run', 'net.vnet', '--stream', '--input', 'clip.npy', '--window', '2', '--top', '5', '--json'], dir);
    // Compiled in memory without a checkpoint: the untrained model is said to be one.
    expect(err).toBe(`vnetc: warning: ${untrainedWarning({ weights: { trained: false, seed: 0 } })}\n`);
    expect(code).toBe(0);
    const report = JSON.parse(out) as StreamReport;
    expect(report.caches).toBe(1);
    expect(report.window).toBe(2);
    expect(report.frames.map((f) => f.frame)).toEqual([0, 1, 2, 3]);
    // The first frame's moving average is that frame; later ones average the last two frames.
    const score = (f: StreamReport['frames'][number], key: 'logits' | 'smoothed', cls: number) => f[key].find((r) => r.index === cls)?.score ?? Number.NaN;
    const [f0, f1, f2] = report.frames as [StreamReport['frames'][number], StreamReport['frames'][number], StreamReport['frames'][number]];
    expect(score(f0, 'smoothed', 0)).toBeCloseTo(score(f0, 'logits', 0), 5);
    expect(score(f2, 'smoothed', 0)).toBeCloseTo((score(f1, 'logits', 0) + score(f2, 'logits', 0)) / 2, 5);
  });

  test('reads a folder of frame files in name order, and says so when a file is not whole frames', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vnet-stream-'));
    writeFileSync(path.join(dir, 'net.vnet'), ONE_SHIFT_ONLINE);
    mkdirSync(path.join(dir, 'frames'));
    for (const i of [0, 1]) writeFileSync(path.join(dir, 'frames', `f${i}.npy`), formatNpy({ type: 'float32', dims: [3, 8, 8], data: frames(1, i) }));
    const ok = await vnetc(['run', 'net.vnet', '--stream', '--input', 'frames', '--json'], dir);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.out) as StreamReport).frames).toHaveLength(2);
    writeFileSync(path.join(dir, 'bad.npy'), formatNpy({ type: 'float32', dims: [5], data: new Float32Array(5) }));
    const bad = await vnetc(['run', 'net.vnet', '--stream', '--input', 'bad.npy'], dir);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(
      `vnetc: warning: ${untrainedWarning({ weights: { trained: false, seed: 0 } })}\n` +
        "vnetc: 'bad.npy' has shape [5]; expected frames of shape [3, 8, 8]: one frame [3, 8, 8], a clip [T, ...] or [1, T, ...]\n",
    );
  });

  test('a bi-directional shift cannot stream: the compile error, exit 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vnet-stream-'));
    writeFileSync(path.join(dir, 'net.vnet'), ONE_SHIFT_ONLINE.replace('dir=past', 'dir=both'));
    writeFileSync(path.join(dir, 'clip.npy'), formatNpy({ type: 'float32', dims: [1, 3, 8, 8], data: frames(1, 0) }));
    const { code, err } = await vnetc(['run', 'net.vnet', '--stream', '--input', 'clip.npy'], dir);
    expect(code).toBe(1);
    expect(err).toMatch(/^net\.vnet:8:8: error VN501: this shift takes channels from the next frame/);
  });
});

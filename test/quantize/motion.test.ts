/**
 * The trained moving-square networks (data/motion): the checkpoints load unchanged and vnet's fp32
 * logits equal PyTorch's (refs/train_motion.py's model, when Debian's python3-torch is present); the
 * TypeScript clip generator equals the Python one bit for bit; and on held-out clips TSM is far ahead of
 * TSN while int8 keeps each network's accuracy.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileFile } from '../../compiler/compile.js';
import { motionBatch } from '../../bench/motion-clips.js';
import { loadOrt } from '../../ort/ort.js';
import { MOTION_VNET, ROOT, motionClips } from './helpers.js';

const ort = await loadOrt();

const PYTHON = '/usr/bin/python3';
const has = (modules: string) => spawnSync(PYTHON, ['-c', `import ${modules}`]).status === 0;
const weights = (net: string) => path.join(ROOT, 'data/motion', `${net}_motion.pth`);

async function logits(bytes: Uint8Array, data: Float32Array, dims: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({ clip: new ort.Tensor('float32', data, dims) });
  await session.release();
  return out['output']?.data as Float32Array;
}

function accuracy(y: Float32Array, labels: readonly number[]): number {
  let right = 0;
  labels.forEach((label, i) => {
    const row = y.subarray(i * 8, (i + 1) * 8);
    if (row.indexOf(Math.max(...row)) === label) right++;
  });
  return right / labels.length;
}

describe('the trained moving-square networks', () => {
  it.skipIf(!has('numpy'))('the TypeScript clips equal refs/motion_clips.py bit for bit', () => {
    const script =
      'import sys,numpy as np\nsys.path.insert(0,"refs")\nimport motion_clips as m\nx,y=m.clips(2,3)\nsys.stdout.buffer.write(y.astype("<i4").tobytes()+x.astype("<f4").tobytes())';
    const run = spawnSync(PYTHON, ['-c', script], { cwd: ROOT, maxBuffer: 1 << 24 });
    expect(run.status).toBe(0);
    const bytes = new Uint8Array(run.stdout);
    const labels = Array.from(new Int32Array(bytes.slice(0, 12).buffer));
    const values = new Float32Array(bytes.slice(12).buffer);
    const batch = motionBatch(2, 3);
    expect(batch.labels).toEqual(labels);
    expect(Buffer.compare(Buffer.from(batch.data.buffer), Buffer.from(values.buffer))).toBe(0);
  });

  it.skipIf(!has('torch'))("vnet's fp32 logits equal PyTorch's, for TSM and TSN", async () => {
    for (const net of ['tsm', 'tsn']) {
      const script = [
        'import sys,torch',
        'sys.path.insert(0,"refs")',
        'import train_motion as t, motion_clips as m',
        `model=t.MotionNet(${net === 'tsm' ? 'True' : 'False'}); model.load_state_dict(torch.load("data/motion/${net}_motion.pth")); model.eval()`,
        'x,_=m.clips(2,4)',
        'sys.stdout.buffer.write(model(torch.from_numpy(x)).detach().numpy().astype("<f4").tobytes())',
      ].join('\n');
      const run = spawnSync(PYTHON, ['-c', script], { cwd: ROOT, maxBuffer: 1 << 20 });
      expect(run.status, String(run.stderr)).toBe(0);
      const reference = new Float32Array(new Uint8Array(run.stdout).buffer);
      const compiled = await compileFile(MOTION_VNET, { network: `${net}_motion`, weights: weights(net) });
      const batch = motionBatch(2, 4);
      const ours = await logits(compiled.bytes as Uint8Array, batch.data, batch.dims);
      expect(Math.max(...ours.map((v, i) => Math.abs(v - (reference[i] as number))))).toBeLessThan(1e-4);
    }
  });

  it('on 200 held-out clips: TSM far ahead of TSN, int8 within one clip of fp32', async () => {
    const held = motionBatch(2, 200);
    const calibration = motionClips(3, 32);
    const result: Record<string, number> = {};
    for (const net of ['tsm', 'tsn']) {
      const base = { network: `${net}_motion`, weights: weights(net) };
      const fp32 = await compileFile(MOTION_VNET, base);
      const int8 = await compileFile(MOTION_VNET, {
        ...base,
        precision: 'int8',
        calibrate: { load: async () => calibration, source: 'set3', method: 'percentile', keepFloat: [] },
      });
      result[`${net} fp32`] = accuracy(await logits(fp32.bytes as Uint8Array, held.data, held.dims), held.labels);
      result[`${net} int8`] = accuracy(await logits(int8.bytes as Uint8Array, held.data, held.dims), held.labels);
    }
    expect(result['tsm fp32']).toBeGreaterThan(0.95);
    expect(result['tsn fp32']).toBeLessThan(0.4);
    expect(Math.abs((result['tsm int8'] as number) - (result['tsm fp32'] as number))).toBeLessThanOrEqual(1 / 200);
    expect(Math.abs((result['tsn int8'] as number) - (result['tsn fp32'] as number))).toBeLessThanOrEqual(0.02);
  });
});

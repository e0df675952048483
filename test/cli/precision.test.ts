/**
 * `vnetc compile --precision int8|fp16` and its flags, through the command line: the usage errors
 * (exit 2), bad clips (exit 1), and what a compiled int8 model shows in `vnetc run` and `vnetc summary`.
 */
import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { formatNpy } from '../../runtime/npy.js';
import { motionBatch } from '../../bench/motion-clips.js';
import { runVnetc, tempTree } from './helpers.js';

const MOTION = path.resolve(import.meta.dirname, '../../data/motion/motion.vnet');

/** A folder with calibration clips (set 3) and held-out clips (set 2) of the moving-square task. */
async function clipTree(): Promise<string> {
  const root = await tempTree({ 'model.vnet': '' });
  const write = async (rel: string, seed: number, count: number, first = 0) => {
    const b = motionBatch(seed, count, first);
    await writeFile(path.join(root, rel), formatNpy({ type: 'float32', dims: count === 1 ? b.dims.slice(1) : b.dims, data: b.data }));
  };
  await tempFiles(root, ['cal', 'held', 'empty']);
  for (let i = 0; i < 4; i++) await write(`cal/c${i}.npy`, 3, 1, i);
  await write('held/h.npy', 2, 4);
  await writeFile(path.join(root, 'bad.npy'), formatNpy({ type: 'float32', dims: [8, 3, 16, 16], data: new Float32Array(8 * 3 * 256) }));
  await writeFile(path.join(root, 'ints.npy'), formatNpy({ type: 'int64', dims: [2], data: BigInt64Array.of(1n, 2n) }));
  await writeFile(path.join(root, 'clip.mp4'), 'not a video');
  return root;
}

async function tempFiles(root: string, dirs: string[]): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  for (const d of dirs) await mkdir(path.join(root, d), { recursive: true });
}

const compile = (cwd: string, ...args: string[]) => runVnetc(['compile', MOTION, '--network', 'tsm_motion', '-o', 'm.onnx', ...args], cwd);

describe('vnetc compile --precision', () => {
  it('usage errors: options of another precision, int8 without clips, precisions a target cannot run', async () => {
    const cwd = await clipTree();
    const cases: [string[], string][] = [
      [['--calibrate', 'cal'], 'error VN453: --calibrate is used only with --precision int8'],
      [['--keep-float', 'fc'], 'error VN453: --keep-float is used only with --precision int8'],
      [['--fp16-io'], 'error VN453: --fp16-io is used only with --precision fp16'],
      [['--precision', 'int8'], 'error VN451: --precision int8 needs calibration clips'],
      [['--precision', 'int8', '--calibrate', 'cal', '--target', 'ort-cuda'], 'error VN452: --precision int8 is not for --target ort-cuda'],
      [['--precision', 'fp16', '--target', 'ort-cpu'], 'error VN452: --precision fp16 is not for --target ort-cpu'],
      [['--precision', 'int8', '--calibrate', 'nowhere'], "error VN455: --calibrate 'nowhere': no such file or directory"],
      [['--precision', 'int8', '--calibrate', 'empty'], "error VN455: --calibrate 'empty': holds no .npy clips or videos"],
      [['--precision', 'int8', '--calibrate', 'cal', '--keep-float', 'layer9,fc'], "error VN458: --keep-float names no layer of the network: 'layer9'"],
    ];
    for (const [args, message] of cases) {
      const r = await compile(cwd, ...args);
      expect(r.err, args.join(' ')).toContain(message);
      expect(r.code, args.join(' ')).toBe(2);
    }
    const bad = await compile(cwd, '--precision', 'bf16');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("argument 'bf16' is invalid");
  });

  it('bad clips: wrong shape, integers, videos without preprocessing, a network of two inputs (exit 1)', async () => {
    const cwd = await clipTree();
    const cases: [string, string][] = [
      ['bad.npy', "error VN456: --calibrate: 'bad.npy' has shape [8, 3, 16, 16]; the input 'clip' of 'tsm_motion' takes [N, 8, 3, 32, 32]"],
      ['ints.npy', "error VN456: --calibrate: 'ints.npy' holds int64 values; a clip is float"],
      ['clip.mp4', "error VN459: --calibrate gives videos, but network 'tsm_motion' declares no preprocess section"],
    ];
    for (const [clips, message] of cases) {
      const r = await compile(cwd, '--precision', 'int8', '--calibrate', clips);
      expect(r.err, clips).toContain(message);
      expect(r.code, clips).toBe(1);
    }
    await writeFile(
      path.join(cwd, 'two.vnet'),
      'network two(a: f32[N, 3, 8, 8], b: f32[N, 3, 8, 8]) -> f32[N, 4, 8, 8] {\n  return (a + b) |> conv2d(4, k=3, pad=1) as conv\n}\n',
    );
    await writeFile(path.join(cwd, 'ab.npy'), formatNpy({ type: 'float32', dims: [3, 8, 8], data: new Float32Array(192).fill(0.5) }));
    const two = await runVnetc(['compile', 'two.vnet', '--precision', 'int8', '--calibrate', 'ab.npy'], cwd);
    expect(two.err).toContain("error VN457: --calibrate: calibration feeds networks of one input; 'two' has 2");
    expect(two.code).toBe(1);
  });

  it('an int8 model: --validate reports, run and summary show its precision and calibration', async () => {
    const cwd = await clipTree();
    const r = await compile(cwd, '--precision', 'int8', '--calibrate', 'cal', '--calibration', 'minmax', '--validate', 'held');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /validation: int8 against fp32 on 1 clip of held\n {2}output +cosine +max \|diff\| +top-1 agreement\n {2}output +0\.99\d+ +\S+ +4\/4 \(100\.0%\)\n {2}worst SQNR/,
    );
    expect(r.out.match(/^ {4}\S+ +\d+\.\d dB$/gm)).toHaveLength(5);
    const summary = await runVnetc(['summary', 'm.onnx'], cwd);
    expect(summary.out).toContain('precision  int8 (calibrated: minmax over 4 clips of cal)');
    expect(summary.out).toContain('input      clip float32 [N, 8, 3, 32, 32]');
    const run = await runVnetc(['run', 'm.onnx', '--json'], cwd);
    const doc = JSON.parse(run.out) as { precision: string; calibration: { method: string; clips: number; source: string; sha256: string } };
    expect(doc.precision).toBe('int8');
    expect(doc.calibration).toMatchObject({ method: 'minmax', clips: 4, source: 'cal' });
    expect(doc.calibration.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

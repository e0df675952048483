import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseNpy } from '../../../runtime/npy.js';
import type { HostTensor } from '../../../runtime/tensors.js';

function readNpy(file: string): HostTensor {
  const parsed = parseNpy(readFileSync(file));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.tensor;
}
import { runVnetc } from '../../cli/helpers.js';
import { untrainedWarning } from '../../../portable/untrained.js';
import { hasFfmpeg, indexVideo, makeVideo, videoDir } from './videos.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** m.onnx is compiled without --weights: every run that opens it says so first. */
const UNTRAINED = `vnetc: warning: ${untrainedWarning({ weights: { trained: false, seed: 0 } })}\n`;
const ffmpeg = hasFfmpeg();
const python = spawnSync('/usr/bin/python3', ['-c', 'import av, PIL, numpy'], { encoding: 'utf8' }).status === 0;
if (!python) console.warn('skipping the PyAV + PIL reference comparison: /usr/bin/python3 lacks av, PIL or numpy (apt-get install python3-av python3-pil)');

describe.skipIf(!ffmpeg)('vnetc run --video', () => {
  let dir = '';
  beforeAll(async () => {
    dir = videoDir();
    indexVideo(path.join(dir, 'v.mp4'), 300, { width: 320, height: 240, gop: 30 });
    const compiled = await runVnetc(['compile', path.join(ROOT, 'examples/tsm_resnet50.vnet'), '-o', 'm.onnx', '--labels', 'kinetics400'], dir);
    expect(compiled.code, compiled.err).toBe(0);
  }, 120_000);

  it('the acceptance command: frames are the segment centres, the clip is [1, 8, 3, 224, 224]', async () => {
    const run = await runVnetc(['run', 'm.onnx', '--video', 'v.mp4', '--json', '--save-input', 'clip.npy'], dir);
    expect(run.code, run.err).toBe(0);
    const doc = JSON.parse(run.out) as { video: string; frames: number[]; fps: number; duration: number; top: { class: number; label: string; score: number }[] };
    expect(doc.video).toBe('v.mp4');
    expect(doc.frames).toEqual([18, 56, 93, 131, 168, 206, 243, 281]);
    expect([doc.fps, doc.duration, doc.top.length]).toEqual([30, 10, 5]);
    const first = readFileSync(path.join(ROOT, 'data/labels/kinetics400.txt'), 'utf8').split('\n')[doc.top[0]!.class];
    expect(doc.top[0]!.label).toBe(first);
    const clip = readNpy(path.join(dir, 'clip.npy'));
    expect(clip.dims).toEqual([1, 8, 3, 224, 224]);
  }, 120_000);

  it.skipIf(!python)('the clip equals PyAV decoding + PIL resize and crop (refs/video_preprocess.py) within 1e-5', async () => {
    makeVideo(path.join(dir, 'pattern.mp4'), 'testsrc2=s=400x300:r=25:d=4', ['-c:v', 'libx264', '-g', '25', '-pix_fmt', 'yuv420p']);
    const run = await runVnetc(['run', 'm.onnx', '--video', 'pattern.mp4', '--json', '--save-input', 'pattern.npy'], dir);
    expect(run.code, run.err).toBe(0);
    const frames = (JSON.parse(run.out) as { frames: number[] }).frames;
    const ref = spawnSync('/usr/bin/python3', [path.join(ROOT, 'refs/video_preprocess.py'), 'pattern.mp4', '256', '224', 'ref.npy', 'raw.npy', ...frames.map(String)], { cwd: dir, encoding: 'utf8' });
    expect(ref.status, ref.stderr).toBe(0);
    const ours = readNpy(path.join(dir, 'pattern.npy'));
    const theirs = readNpy(path.join(dir, 'ref.npy'));
    expect(theirs.dims).toEqual(ours.dims);
    let max = 0;
    for (let i = 0; i < ours.data.length; i++) max = Math.max(max, Math.abs(Number(ours.data[i]) - Number(theirs.data[i])));
    expect(max).toBeLessThan(1e-5);
  }, 120_000);

  it('a folder goes on after a bad file and exits 1 at the end; errors name the file, no stack', async () => {
    const folder = path.join(dir, 'folder');
    mkdirSync(folder);
    copyFileSync(path.join(dir, 'v.mp4'), path.join(folder, 'a.mp4'));
    writeFileSync(path.join(folder, 'b.mp4'), 'not a video');
    copyFileSync(path.join(dir, 'v.mp4'), path.join(folder, 'c.mkv.mp4'));
    writeFileSync(path.join(folder, 'notes.txt'), 'ignored');
    const run = await runVnetc(['run', 'm.onnx', '--video', 'folder', '--json'], dir);
    expect(run.code).toBe(1);
    expect(run.out.trim().split('\n').map((l) => (JSON.parse(l) as { video: string }).video)).toEqual(['folder/a.mp4', 'folder/c.mkv.mp4']);
    expect(run.err).toMatch(new RegExp(`^${UNTRAINED.replace(/[.()]/g, '\\$&')}error VN700: cannot read video 'folder/b\\.mp4': .+\n$`));
  }, 120_000);

  it('--stream --video feeds every k-th frame of an online model and prints label changes with time stamps', async () => {
    const compiled = await runVnetc(['compile', path.join(ROOT, 'examples/tsm_mobilenetv2_online.vnet'), '--online', '--set', 'SIZE=64', '-o', 'online.onnx'], dir);
    expect(compiled.code, compiled.err).toBe(0);
    const run = await runVnetc(['run', 'online.onnx', '--stream', '--video', 'v.mp4', '--every', '10', '--json'], dir);
    expect(run.code, run.err).toBe(0);
    const changes = run.out.trim().split('\n').map((l) => JSON.parse(l) as { time: number; frame: number; class: number });
    expect(changes[0]).toMatchObject({ time: 0, frame: 0 });
    for (const c of changes) expect([c.frame % 10, c.time]).toEqual([0, c.frame / 30]);
  }, 120_000);

  it('a model without preprocessing (VN705), a missing video (VN700), a video without frames of video (VN701)', async () => {
    writeFileSync(path.join(dir, 'plain.vnet'), 'network plain(x: f32[N, 2, 3, 8, 8]) -> f32[N, 2, 3, 8, 8] {\n  return x |> relu\n}\n');
    const plain = await runVnetc(['run', 'plain.vnet', '--video', 'v.mp4'], dir);
    expect([plain.code, plain.err]).toEqual([1, "error VN705: 'plain.vnet' does not say how to preprocess a video (no 'vnet.preprocess' metadata)\n"]);
    const missing = await runVnetc(['run', 'm.onnx', '--video', 'nope.mp4'], dir);
    expect([missing.code, missing.err]).toEqual([1, "error VN700: cannot read video 'nope.mp4': no such file or directory\n"]);
    makeVideo(path.join(dir, 'audio.m4a'), 'sine=frequency=440:duration=1', ['-c:a', 'aac']);
    const audio = await runVnetc(['run', 'm.onnx', '--video', 'audio.m4a'], dir);
    expect([audio.code, audio.err]).toEqual([1, `${UNTRAINED}error VN701: 'audio.m4a' has no video stream\n`]);
  }, 120_000);
});

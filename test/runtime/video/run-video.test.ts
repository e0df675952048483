import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseNpy } from '../../../runtime/npy.js';
import type { HostTensor } from '../../../runtime/tensors.js';

function readNpy(file: string): HostTensor {
  const parsed = parseNpy(readFileSync(file));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}
import { runVnetc } from '../../cli/helpers.js';
import { untrainedWarning } from '../../../portable/untrained.js';
import { hasFfmpeg, indexVideo, makeVideo, videoDir } from './videos.js';
import { locateFfmpeg } from '../../../runtime/video/locate.js';

const ffmpegBinary = (): string => locateFfmpeg().ffmpeg;

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
    const doc = JSON.parse(run.out) as {
      video: string;
      frames: number[];
      frame_times: number[];
      top: { class: number; label: string; score: number }[];
    } & Record<string, unknown>;
    expect(doc.video).toBe('v.mp4');
    expect(doc.frames).toEqual([18, 56, 93, 131, 168, 206, 243, 281]);
    expect(doc.frame_times).toEqual(doc.frames.map((n) => Math.round((n / 30) * 1e6) / 1e6));
    expect([doc['frame_count'], doc['fps'], doc['duration'], doc['width'], doc['height'], doc['rotation'], doc['sample_aspect_ratio'], doc.top.length]).toEqual(
      [300, 30, 10, 320, 240, 0, '1:1', 5],
    );
    expect(doc.top.reduce((a, t) => a + t.score, 0)).toBeLessThanOrEqual(1 + 1e-6);
    const first = readFileSync(path.join(ROOT, 'data/labels/kinetics400.txt'), 'utf8').split('\n')[doc.top[0]!.class];
    expect(doc.top[0]!.label).toBe(first);
    const clip = readNpy(path.join(dir, 'clip.npy'));
    expect(clip.dims).toEqual([1, 8, 3, 224, 224]);
  }, 120_000);

  it.skipIf(!python)(
    'the clip equals PyAV decoding + PIL resize and crop (refs/video_preprocess.py) within 1e-5',
    async () => {
      makeVideo(path.join(dir, 'pattern.mp4'), 'testsrc2=s=400x300:r=25:d=4', ['-c:v', 'libx264', '-g', '25', '-pix_fmt', 'yuv420p']);
      const run = await runVnetc(['run', 'm.onnx', '--video', 'pattern.mp4', '--json', '--save-input', 'pattern.npy'], dir);
      expect(run.code, run.err).toBe(0);
      const frames = (JSON.parse(run.out) as { frames: number[] }).frames;
      const ref = spawnSync(
        '/usr/bin/python3',
        [path.join(ROOT, 'refs/video_preprocess.py'), 'pattern.mp4', '256', '224', 'ref.npy', 'raw.npy', ...frames.map(String)],
        { cwd: dir, encoding: 'utf8' },
      );
      expect(ref.status, ref.stderr).toBe(0);
      const ours = readNpy(path.join(dir, 'pattern.npy'));
      const theirs = readNpy(path.join(dir, 'ref.npy'));
      expect(theirs.dims).toEqual(ours.dims);
      let max = 0;
      for (let i = 0; i < ours.data.length; i++) max = Math.max(max, Math.abs(Number(ours.data[i]) - Number(theirs.data[i])));
      expect(max).toBeLessThan(1e-5);
    },
    120_000,
  );

  it('a folder: a JSON record for every file (errors with code and message), a summary line, exit 1; a FIFO does not block', async () => {
    const folder = path.join(dir, 'folder');
    mkdirSync(folder);
    copyFileSync(path.join(dir, 'v.mp4'), path.join(folder, 'a.mp4'));
    writeFileSync(path.join(folder, 'b.mp4'), 'not a video');
    copyFileSync(path.join(dir, 'v.mp4'), path.join(folder, 'c.mkv.mp4'));
    spawnSync('mkfifo', [path.join(folder, 'd.mp4')]);
    writeFileSync(path.join(folder, 'notes.txt'), 'ignored');
    const run = await runVnetc(['run', 'm.onnx', '--video', 'folder', '--json'], dir);
    expect(run.code).toBe(1);
    const records = run.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { video: string; frames?: number[]; error?: { code: string; message: string } });
    expect(records.map((r) => [r.video, r.error?.code ?? r.frames?.length])).toEqual([
      ['folder/a.mp4', 8],
      ['folder/b.mp4', 'VN700'],
      ['folder/c.mkv.mp4', 8],
      ['folder/d.mp4', 'VN700'],
    ]);
    expect(records[3]!.error!.message).toBe("cannot read video 'folder/d.mp4': is a FIFO, not a regular file");
    expect(run.err.startsWith(UNTRAINED)).toBe(true);
    expect(run.err.slice(UNTRAINED.length)).toMatch(
      /^error VN700: cannot read video 'folder\/b\.mp4': .+\nerror VN700: cannot read video 'folder\/d\.mp4': is a FIFO, not a regular file\n4 videos: 2 classified, 2 failed\n$/,
    );
  }, 120_000);

  it('text output escapes file names and labels; --save-input onto an input is refused', async () => {
    copyFileSync(path.join(dir, 'v.mp4'), path.join(dir, 'evil\n::error x\u001b[31m.mp4'));
    writeFileSync(path.join(dir, 'labels.txt'), Array.from({ length: 400 }, (_, i) => `class\u001b]0;${i}\u0007`).join('\n'));
    const run = await runVnetc(['run', 'm.onnx', '--video', 'evil\n::error x\u001b[31m.mp4', '--labels', 'labels.txt'], dir);
    expect(run.code, run.err).toBe(0);
    expect(run.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(run.out.split('\n')[0]).toMatch(/^evil\\n::error x\\e\[31m\.mp4: 10\.00 s, 300 frames/);
    expect(run.out).toMatch(/class\\e\]0;\d+\\x07/);
    const before = readFileSync(path.join(dir, 'v.mp4'));
    for (const target of ['v.mp4', 'm.onnx', 'labels.txt']) {
      const onto = await runVnetc(['run', 'm.onnx', '--video', 'v.mp4', '--labels', 'labels.txt', '--save-input', target], dir);
      expect([onto.code, onto.err]).toEqual([2, `vnetc: cannot write '${target}': it is an input of this command\n`]);
    }
    expect(readFileSync(path.join(dir, 'v.mp4')).equals(before)).toBe(true);
  }, 120_000);

  it('a truncated file warns with both numbers (VN712); --strict fails it', async () => {
    const moovFirst = path.join(dir, 'fast.mp4');
    spawnSync(ffmpegBinary(), ['-v', 'error', '-y', '-i', path.join(dir, 'v.mp4'), '-c', 'copy', '-movflags', '+faststart', moovFirst]);
    const fast = readFileSync(moovFirst);
    writeFileSync(path.join(dir, 'cut.mp4'), fast.subarray(0, Math.floor(fast.length * 0.6)));
    const run = await runVnetc(['run', 'm.onnx', '--video', 'cut.mp4', '--json'], dir);
    expect(run.code, run.err).toBe(0);
    expect(run.err.startsWith(UNTRAINED)).toBe(true);
    expect(run.err.slice(UNTRAINED.length)).toMatch(
      /^warning VN712: 'cut\.mp4' is damaged or truncated: 300 frames listed, \d+ decode; the clip is sampled from those\n/,
    );
    const strict = await runVnetc(['run', 'm.onnx', '--video', 'cut.mp4', '--json', '--strict'], dir);
    expect(strict.code).toBe(1);
    expect((JSON.parse(strict.out) as { error: { code: string } }).error.code).toBe('VN712');
  }, 120_000);

  it('a rotation that is not a right angle is not applied, with a warning (VN715) in the record', async () => {
    spawnSync(ffmpegBinary(), ['-v', 'error', '-y', '-i', path.join(dir, 'v.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=45', path.join(dir, 'tilted.mp4')]);
    const run = await runVnetc(['run', 'm.onnx', '--video', 'tilted.mp4', '--json'], dir);
    expect(run.code, run.err).toBe(0);
    const doc = JSON.parse(run.out) as { rotation: number; width: number; warnings: { code: string; message: string }[] };
    expect([doc.rotation, doc.width, doc.warnings.map((w) => w.code)]).toEqual([0, 320, ['VN715']]);
    expect(doc.warnings[0]!.message).toMatch(/^'tilted\.mp4' asks to be shown turned (45|315) degrees; only right angles are applied/);
  }, 120_000);

  it('--stream --video feeds every k-th frame of an online model and prints label changes with time stamps', async () => {
    const compiled = await runVnetc(
      ['compile', path.join(ROOT, 'examples/tsm_mobilenetv2_online.vnet'), '--online', '--set', 'SIZE=64', '-o', 'online.onnx'],
      dir,
    );
    expect(compiled.code, compiled.err).toBe(0);
    const run = await runVnetc(['run', 'online.onnx', '--stream', '--video', 'v.mp4', '--every', '10', '--json'], dir);
    expect(run.code, run.err).toBe(0);
    const changes = run.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { time: number; frame: number; class: number; score: number; logit: number });
    expect(changes[0]).toMatchObject({ time: 0, frame: 0 });
    // times are presentation time stamps; score is a probability, as in run --video; the averaged logit has its own name
    for (const c of changes)
      expect([c.frame % 10, c.time, c.score >= 0 && c.score <= 1, typeof c.logit]).toEqual([0, Math.round((c.frame / 30) * 1e6) / 1e6, true, 'number']);
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

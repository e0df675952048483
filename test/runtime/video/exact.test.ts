/**
 * Frame-exact sampling on the files people have, against PyAV + PIL (refs/video_preprocess.py): for
 * each kind of file, the frames vnet feeds are TSN's segment centres over the frames PyAV decodes,
 * their times are PyAV's presentation times, and the clip equals the reference within 1e-5.
 * Rotation: the reference is PyAV's frame turned upright after its colour conversion; vnet turns its
 * frames after the same conversion, so no chroma-siting difference arises and 1e-5 holds there too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Preprocess } from '../../../contract/preprocess.js';
import { readVideoClips } from '../../../runtime/video/read-clip.js';
import { displayRotation, ffmpeg, hasFfmpeg, hasPyAv, indexSource, madeVideo, makeVideo, maxAbsDiff, reference } from './videos.js';

const ffmpegThere = hasFfmpeg();
const python = hasPyAv();
if (!ffmpegThere) console.warn('skipping frame-exact video tests: no ffmpeg with ffprobe');
else if (!python) console.warn('skipping frame-exact video tests: /usr/bin/python3 lacks av, PIL or numpy (apt-get install python3-av python3-pil)');

const tsm = (resize: number, crop: number): Preprocess => ({
  frames: 8,
  layout: 'NTCHW',
  sampling: { scheme: 'segments' },
  resize,
  crop,
  order: 'rgb',
  scale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  input: 'float',
});

/** Variable frame rate: intervals swing between 1/40 and 1/20 s (average 1/30). */
const VFR = "settb=1/90000,setpts='floor(90000*(N/30+sin(N/15)/4))'";
const x264 = (gop: number) => ['-c:v', 'libx264', '-g', String(gop), '-crf', '10', '-pix_fmt', 'yuv420p', '-vsync', 'passthrough'];
const vp9 = ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-g', '30', '-b:v', '400k', '-vsync', 'passthrough'];

const KINDS: Readonly<Record<string, () => string>> = {
  'vfr-short.mp4': () => madeVideo('vfr-short.mp4', (f) => makeVideo(f, `${indexSource(64, 48)},${VFR}`, ['-f', 'mp4', '-frames:v', '90', ...x264(250)])),
  'vfr-long.mp4': () => madeVideo('vfr-long.mp4', (f) => makeVideo(f, `${indexSource(64, 48)},${VFR}`, ['-f', 'mp4', '-frames:v', '900', ...x264(30)])),
  'vfr-short.mkv': () => madeVideo('vfr-short.mkv', (f) => makeVideo(f, `${indexSource(64, 48)},${VFR}`, ['-f', 'matroska', '-frames:v', '90', ...x264(250)])),
  'vfr-long.mkv': () => madeVideo('vfr-long.mkv', (f) => makeVideo(f, `${indexSource(64, 48)},${VFR}`, ['-f', 'matroska', '-frames:v', '900', ...x264(30)])),
  'vfr-short.webm': () => madeVideo('vfr-short.webm', (f) => makeVideo(f, `${indexSource(64, 48)},${VFR}`, ['-f', 'webm', '-frames:v', '90', ...vp9])),
  'vfr-long.webm': () => madeVideo('vfr-long.webm', (f) => makeVideo(f, `${indexSource(64, 48)},${VFR}`, ['-f', 'webm', '-frames:v', '600', ...vp9])),
  'ntsc-6000.mp4': () => madeVideo('ntsc-6000.mp4', (f) => makeVideo(f, indexSource(32, 24, 24000 / 1001), ['-f', 'mp4', '-frames:v', '6000', ...x264(48)])),
  'trim-key.mp4': () => madeVideo('trim-key.mp4', (f) => ffmpeg(['-ss', '2', '-i', gopBase(), '-c', 'copy', '-f', 'mp4', f])),
  'trim-nonkey.mp4': () => madeVideo('trim-nonkey.mp4', (f) => ffmpeg(['-ss', '0.5', '-i', gopBase(), '-c', 'copy', '-f', 'mp4', f])),
  'trim-open-gop.mp4': () => madeVideo('trim-open-gop.mp4', (f) => ffmpeg(['-ss', '3.3', '-i', openGopBase(), '-c', 'copy', '-f', 'mp4', f])),
  'offset.ts': () => madeVideo('offset.ts', (f) => makeVideo(f, indexSource(64, 48), ['-f', 'mpegts', '-frames:v', '1200', ...x264(30)])),
  '10bit-hevc.mp4': () =>
    madeVideo('10bit-hevc.mp4', (f) =>
      makeVideo(f, 'testsrc2=s=64x48:r=25:d=2', ['-f', 'mp4', '-c:v', 'libx265', '-pix_fmt', 'yuv420p10le', '-x265-params', 'log-level=error']),
    ),
  '444-odd.mp4': () => madeVideo('444-odd.mp4', (f) => makeVideo(f, 'testsrc2=s=63x47:r=25:d=2', ['-f', 'mp4', '-c:v', 'libx264', '-pix_fmt', 'yuv444p'])),
  'odd-vp9.webm': () => madeVideo('odd-vp9.webm', (f) => makeVideo(f, 'testsrc2=s=65x49:r=25:d=2', ['-f', 'webm', ...vp9, '-pix_fmt', 'yuv420p'])),
  '10bit-odd-vp9.webm': () =>
    madeVideo('10bit-odd-vp9.webm', (f) => makeVideo(f, 'testsrc2=s=65x49:r=25:d=2', ['-f', 'webm', ...vp9, '-pix_fmt', 'yuv420p10le'])),
  'full-range.mp4': () =>
    madeVideo('full-range.mp4', (f) => makeVideo(f, 'testsrc2=s=64x48:r=25:d=2', ['-f', 'mp4', '-c:v', 'libx264', '-pix_fmt', 'yuvj420p'])),
};

/** 300 painted frames, a key frame every 30, B-frames (x264's default 3). */
function gopBase(): string {
  return madeVideo('gop30.mp4', (f) => makeVideo(f, indexSource(64, 48), ['-f', 'mp4', '-frames:v', '300', ...x264(30)]));
}

/** As gopBase with open GOPs: leading B-frames of a key frame refer to the GOP before it. */
function openGopBase(): string {
  return madeVideo('open-gop.mp4', (f) =>
    makeVideo(f, indexSource(64, 48), ['-f', 'mp4', '-frames:v', '300', ...x264(30), '-x264-params', 'open-gop=1:keyint=30']),
  );
}

async function expectExact(file: string, rotate = 0, options: { autorotate?: boolean } = {}): Promise<void> {
  const p = tsm(40, 32);
  const ours = await readVideoClips(file, path.basename(file), p, options);
  const ref = reference(file, p.resize, p.crop, { segments: 8 }, rotate);
  expect(ours.info.index.kind, 'indexed from packet time stamps, without decoding').toBe('pts');
  expect(ours.info.frames, 'frames counted').toBe(ref.count);
  expect(ours.indices[0], 'frames fed').toEqual(ref.frames);
  ours.times[0]!.forEach((t, i) => expect(t).toBeCloseTo(ref.frame_times[i]!, 9));
  expect(ours.rotation).toBe(rotate);
  expect(ours.refetched, 'every seek landed at or before its key frame').toBe(0);
  expect(maxAbsDiff(ours.clips[0]!.data, ref.clip), 'clip against PyAV + PIL').toBeLessThan(1e-5);
}

describe.skipIf(!ffmpegThere || !python)('frame-exact on the files people have (PyAV + PIL reference)', () => {
  it.each(Object.keys(KINDS))(
    '%s',
    async (name) => {
      await expectExact(KINDS[name]!());
    },
    120_000,
  );

  it('23.976 fps: frames past 5,000 are the ones PyAV decodes there (no drift from a rounded rate)', async () => {
    const ours = await readVideoClips(KINDS['ntsc-6000.mp4']!(), 'ntsc-6000.mp4', tsm(40, 32));
    expect(ours.indices[0]!.filter((n) => n > 5000).length).toBeGreaterThan(0);
    expect(ours.info.fps).toBeCloseTo(24000 / 1001, 6);
  }, 120_000);

  it.each([
    ['rotate=270', 90],
    ['rotate=180', 180],
    ['rotate=90', 270],
  ] as const)(
    'a display matrix (written as %s) is applied: %i degrees clockwise, as ffmpeg and players show it',
    async (tag, clockwise) => {
      const file = madeVideo(`rot-${clockwise}.mp4`, (f) => ffmpeg(['-i', KINDS['444-odd.mp4']!(), '-c', 'copy', '-metadata:s:v:0', tag, '-f', 'mp4', f]));
      // ffmpeg 5.1 writes the `rotate` tag as the inverse matrix; what counts is the matrix ffprobe reads back.
      expect(displayRotation(file)).toBe(clockwise);
      await expectExact(file, clockwise);
    },
    120_000,
  );

  it('--no-autorotate keeps the stored orientation', async () => {
    const file = madeVideo('rot-90.mp4', (f) => ffmpeg(['-i', KINDS['444-odd.mp4']!(), '-c', 'copy', '-metadata:s:v:0', 'rotate=270', '-f', 'mp4', f]));
    await expectExact(file, 0, { autorotate: false });
  }, 120_000);

  it("a truncated file: counted by decoding, reported damaged with both numbers, the frames fed equal PyAV's", async () => {
    const file = madeVideo('truncated.mp4', (f) => {
      const whole = makeVideo(`${f}.whole.mp4`, indexSource(64, 48), ['-f', 'mp4', '-frames:v', '300', ...x264(30), '-movflags', '+faststart']);
      const bytes = readFileSync(whole);
      writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    });
    const p = tsm(40, 32);
    const ours = await readVideoClips(file, 'truncated.mp4', p);
    expect(ours.info.damaged?.expected).toBe(300);
    expect(ours.info.damaged!.decoded).toBeLessThan(300);
    const ref = reference(file, p.resize, p.crop, { frames: ours.indices[0]! });
    // PyAV stops at the first decoding error, so it counts a frame or two fewer than ffmpeg decodes.
    expect(ref.count).toBeLessThanOrEqual(ours.info.frames);
    expect(ref.count).toBeGreaterThan(ours.indices[0]![7]!);
    expect(maxAbsDiff(ours.clips[0]!.data, ref.clip)).toBeLessThan(1e-5);
  }, 120_000);
});

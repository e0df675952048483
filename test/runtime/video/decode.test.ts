import { writeFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames } from '../../../runtime/video/decode.js';
import { VideoError } from '../../../runtime/video/errors.js';
import { everyFrame } from '../../../runtime/video/frames.js';
import { probeVideo } from '../../../runtime/video/probe.js';
import { segmentIndices } from '../../../runtime/video/sampling.js';
import { frameNumber, hasFfmpeg, indexVideo, makeVideo, videoDir } from './videos.js';

const ffmpeg = hasFfmpeg();
if (!ffmpeg) console.warn('skipping video decoding tests: no ffmpeg on PATH and no @ffmpeg-installer/ffmpeg binary');

describe.skipIf(!ffmpeg)('decoding only the sampled frames', () => {
  let dir = '';
  let video = '';
  beforeAll(() => {
    dir = videoDir();
    video = indexVideo(path.join(dir, 'index.mp4'), 300, { gop: 25 });
  });

  it('probes frame count, rate and size without decoding', async () => {
    expect(await probeVideo(video)).toEqual({ frames: 300, fps: 30, duration: 10, width: 64, height: 48 });
  });

  it.each(['select', 'seek'] as const)('%s returns exactly the frames asked for (read back from their pixels)', async (method) => {
    const info = await probeVideo(video);
    const wanted = [...segmentIndices(300, 8), 0, 1, 24, 25, 26, 299];
    const got = new Map<number, number>();
    await decodeFrames(video, 'index.mp4', info, wanted, (index, rgb) => got.set(index, frameNumber(rgb)), method);
    expect([...got.entries()].sort((a, b) => a[0] - b[0])).toEqual([...new Set(wanted)].sort((a, b) => a - b).map((n) => [n, n]));
  });

  it('streams every k-th frame, each the frame it says it is', async () => {
    const info = await probeVideo(video);
    const seen: [number, number][] = [];
    for await (const { index, rgb } of everyFrame(video, 'index.mp4', info, 7)) seen.push([index, frameNumber(rgb)]);
    expect(seen).toEqual(Array.from({ length: 43 }, (_, k) => [7 * k, 7 * k]));
  });

  it('bad input: missing, not a video, no video stream, truncated', async () => {
    const reason = async (file: string): Promise<string> => {
      try {
        const info = await probeVideo(file, path.basename(file));
        await decodeFrames(file, path.basename(file), info, [info.frames - 1], () => {});
        return 'ok';
      } catch (error) {
        return error instanceof VideoError ? `${error.kind} ${error.file}` : String(error);
      }
    };
    writeFileSync(path.join(dir, 'text.mp4'), 'not a video\n');
    makeVideo(path.join(dir, 'audio.m4a'), 'sine=frequency=440:duration=1', ['-c:a', 'aac']);
    const bytes = readFileSync(video);
    writeFileSync(path.join(dir, 'truncated.mp4'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await reason(path.join(dir, 'missing.mp4'))).toBe('unreadable missing.mp4');
    expect(await reason(path.join(dir, 'text.mp4'))).toBe('unreadable text.mp4');
    expect(await reason(path.join(dir, 'audio.m4a'))).toBe('no-video audio.m4a');
    expect(await reason(path.join(dir, 'truncated.mp4'))).toMatch(/^(unreadable|decode|no-frames) truncated\.mp4$/);
  });
});

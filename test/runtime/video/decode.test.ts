import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames, planGroups } from '../../../runtime/video/decode.js';
import { VideoError } from '../../../runtime/video/errors.js';
import { everyFrame } from '../../../runtime/video/frames.js';
import { withVideoInput } from '../../../runtime/video/input.js';
import { type VideoInfo, probeVideo } from '../../../runtime/video/probe.js';
import { segmentIndices } from '../../../runtime/video/sampling.js';
import { ffmpeg, frameNumber, hasFfmpeg, indexSource, indexVideo, makeVideo, videoDir } from './videos.js';

const ffmpegThere = hasFfmpeg();
if (!ffmpegThere) console.warn('skipping video decoding tests: no ffmpeg install with ffprobe (apt-get install ffmpeg)');

const probe = (file: string): Promise<VideoInfo> => withVideoInput(file, path.basename(file), (input) => probeVideo(input, path.basename(file)));

async function decoded(file: string, wanted: readonly number[]): Promise<[number, number][]> {
  const got = new Map<number, number>();
  await withVideoInput(file, path.basename(file), async (input) => {
    const info = await probeVideo(input, path.basename(file));
    await decodeFrames(input, path.basename(file), info, wanted, (index, image) => got.set(index, frameNumber(image.data)));
  });
  return [...got.entries()].sort((a, b) => a[0] - b[0]);
}

describe.skipIf(!ffmpegThere)('decoding only the sampled frames, by time stamp', () => {
  let dir = '';
  let video = '';
  beforeAll(() => {
    dir = videoDir();
    video = indexVideo(path.join(dir, 'index.mp4'), 300, { gop: 25 });
  });

  it('probes frames, rate, size and time stamps without decoding', async () => {
    const info = await probe(video);
    expect([info.frames, info.fps, info.duration, info.width, info.height, info.rotation, info.index.kind]).toEqual([300, 30, 10, 64, 48, 0, 'pts']);
  });

  it('returns exactly the frames asked for (read back from their pixels), each group seeking to its key frame', async () => {
    const wanted = [...segmentIndices(300, 8), 0, 1, 24, 25, 26, 299];
    expect(await decoded(video, wanted)).toEqual([...new Set(wanted)].sort((a, b) => a - b).map((n) => [n, n]));
    const groups = planGroups(await probe(video), [0, 24, 25, 299]);
    expect(groups.map((g) => [g.seek === undefined ? 'start' : 'seek', g.frames])).toEqual([
      ['start', [0, 24]],
      ['seek', [25]],
      ['seek', [299]],
    ]);
  });

  it('edit lists: frames cut away by a -c copy trim are not counted (frame 0 is the first one shown)', async () => {
    const trimmed = path.join(dir, 'trim.mp4');
    ffmpeg(['-ss', '0.5', '-i', video, '-c', 'copy', trimmed]);
    const info = await probe(trimmed);
    expect(info.frames).toBe(285);
    expect(await decoded(trimmed, [0, 1, 284])).toEqual([
      [0, 15],
      [1, 16],
      [284, 299],
    ]);
  });

  it('streams every k-th frame with its presentation time, each the frame it says it is', async () => {
    const vfr = makeVideo(path.join(dir, 'vfr.mkv'), `${indexSource(64, 48)},settb=1/1000,setpts='N*N'`, [
      '-frames:v',
      '40',
      '-c:v',
      'libx264',
      '-g',
      '10',
      '-vsync',
      'passthrough',
    ]);
    const seen: [number, number, number][] = [];
    await withVideoInput(vfr, 'vfr.mkv', async (input) => {
      const info = await probeVideo(input, 'vfr.mkv');
      for await (const { index, time, image } of everyFrame(input, 'vfr.mkv', info, 7)) seen.push([index, frameNumber(image.data), time]);
    });
    expect(seen).toEqual(Array.from({ length: 6 }, (_, k) => [7 * k, 7 * k, (7 * k) ** 2 / 1000]));
  });

  it('bad input: missing, a folder, a FIFO, not a video, no video stream', async () => {
    const reason = async (file: string): Promise<string> => {
      try {
        await probe(file);
        return 'ok';
      } catch (error) {
        return error instanceof VideoError ? `${error.kind} ${error.file}: ${error.detail}` : String(error);
      }
    };
    writeFileSync(path.join(dir, 'text.mp4'), 'not a video\n');
    makeVideo(path.join(dir, 'audio.m4a'), 'sine=frequency=440:duration=1', ['-c:a', 'aac']);
    execFileSync('mkfifo', [path.join(dir, 'fifo.mp4')]);
    expect(await reason(path.join(dir, 'missing.mp4'))).toBe('unreadable missing.mp4: no such file or directory');
    expect(await reason(dir)).toBe(`unreadable ${path.basename(dir)}: is a directory, not a regular file`);
    expect(await reason(path.join(dir, 'fifo.mp4'))).toBe('unreadable fifo.mp4: is a FIFO, not a regular file');
    expect(await reason(path.join(dir, 'text.mp4'))).toBe('unreadable text.mp4: Invalid data found when processing input');
    expect(await reason(path.join(dir, 'audio.m4a'))).toBe('no-video audio.m4a: no video stream');
  });
});

import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rgbFilter } from '../../../runtime/video/convert.js';
import { decodeFrames, planGroups } from '../../../runtime/video/decode.js';
import { withVideoInput } from '../../../runtime/video/input.js';
import { locateFfmpeg } from '../../../runtime/video/locate.js';
import { type VideoInfo, probeVideo } from '../../../runtime/video/probe.js';
import { isH264Reference, referenceFrames } from '../../../runtime/video/reference-frames.js';
import { hasFfmpeg, makeVideo, videoDir } from './videos.js';

/** An MP4 sample: each NAL unit after its 4-byte length. */
function sample(...nals: number[][]): Uint8Array {
  return Uint8Array.from(nals.flatMap((nal) => [0, 0, 0, nal.length, ...nal]));
}

describe('reference pictures from NAL headers', () => {
  it('a sample is a reference when every slice has a non-zero nal_ref_idc', () => {
    expect(isH264Reference(sample([0x65, 1, 2]))).toBe(true); // IDR slice, ref_idc 3
    expect(isH264Reference(sample([0x06, 5, 1], [0x41, 9, 9, 9]))).toBe(true); // SEI (ref_idc 0), then a P slice with ref_idc 2
    expect(isH264Reference(sample([0x01, 9, 9]))).toBe(false); // a slice with ref_idc 0: a non-reference B picture
    expect(isH264Reference(sample([0x41, 9], [0x01, 9]))).toBe(false); // two fields, one not a reference
    expect(isH264Reference(sample([0x06, 5, 1]))).toBe(false); // no slice
    expect(isH264Reference(sample([0x42, 9]))).toBe(false); // data partition A: left to the plain decode
  });

  it('lengths that do not split the sample exactly are not trusted', () => {
    expect(isH264Reference(Uint8Array.from([0, 0, 0, 9, 0x65, 1]))).toBe(false);
    expect(isH264Reference(Uint8Array.from([0, 0, 0, 2, 0xe5, 1]))).toBe(false); // forbidden_zero_bit set
    expect(isH264Reference(new Uint8Array(0))).toBe(false);
  });
});

const ffmpegThere = hasFfmpeg();

describe.skipIf(!ffmpegThere)('reference frames of a real x264 file', () => {
  let dir = '';
  let mp4 = '';
  const probe = (file: string): Promise<VideoInfo> => withVideoInput(file, path.basename(file), (input) => probeVideo(input, path.basename(file)));
  beforeAll(() => {
    dir = videoDir();
    // Moving content, B-frames with a pyramid (x264's default), a key frame every 30 frames.
    mp4 = makeVideo(path.join(dir, 'b.mp4'), 'testsrc2=s=96x64:r=30:d=3', ['-c:v', 'libx264', '-g', '30', '-bf', '3', '-pix_fmt', 'yuv420p']);
  });

  it("are exactly the frames ffprobe still decodes with -skip_frame noref (the decoder's own judgement)", async () => {
    const info = await probe(mp4);
    const all = Array.from({ length: info.frames }, (_, n) => n);
    const found = await withVideoInput(mp4, 'b.mp4', (input) => referenceFrames(input, info, all));
    const kept = execFileSync(
      locateFfmpeg().ffprobe,
      ['-v', 'error', '-skip_frame', 'noref', '-select_streams', 'v:0', '-show_entries', 'frame=pts', '-of', 'csv=p=0', mp4],
      { encoding: 'utf8' },
    )
      .split('\n')
      .map((l) => l.split(',')[0]!)
      .filter((l) => l !== '')
      .map(Number); // a frame with side data ends its line in ','
    const table = info.index.kind === 'pts' ? info.index.table : undefined;
    const expected = kept.map((pts) => table!.pts.indexOf(pts)).sort((a, b) => a - b);
    expect([...found].sort((a, b) => a - b)).toEqual(expected);
    // the file has both kinds, so both paths run below
    expect([found.size > 10, found.size < info.frames - 10]).toEqual([true, true]);
  });

  it('frames decoded while skipping non-reference pictures equal a full decode, byte for byte', async () => {
    const info = await probe(mp4);
    const frameBytes = info.width * info.height * 3;
    const full = execFileSync(locateFfmpeg().ffmpeg, ['-v', 'error', '-i', mp4, '-vf', rgbFilter(info, 0), '-vsync', 'passthrough', '-f', 'rawvideo', '-'], {
      maxBuffer: 64 << 20,
    });
    const all = Array.from({ length: info.frames }, (_, n) => n);
    const references = await withVideoInput(mp4, 'b.mp4', (input) => referenceFrames(input, info, all));
    // per key-frame group of 30: a reference frame late in it (skipping on the way), and a non-reference one
    const wanted = [0, 30, 60].flatMap((key) => [
      all.slice(key + 15, key + 30).find((n) => references.has(n))!,
      all.slice(key + 5, key + 30).find((n) => !references.has(n))!,
    ]);
    expect(
      planGroups(
        info,
        wanted.filter((n) => references.has(n)),
        references,
      ).every((g) => g.skipNonReference),
    ).toBe(true);
    const got = new Map<number, Uint8Array>();
    // the reference frames alone (their groups skip), then the others (decoded without skipping); none refetched
    for (const some of [wanted.filter((n) => references.has(n)), wanted.filter((n) => !references.has(n))]) {
      const { refetched } = await withVideoInput(mp4, 'b.mp4', (input) => decodeFrames(input, 'b.mp4', info, some, (n, image) => got.set(n, image.data)));
      expect(refetched).toBe(0);
    }
    for (const n of wanted) expect(Buffer.compare(Buffer.from(got.get(n)!), full.subarray(n * frameBytes, (n + 1) * frameBytes)), `frame ${n}`).toBe(0);
  });

  it('nothing is skipped outside MP4 (Matroska wraps the packet data)', async () => {
    const mkv = path.join(dir, 'b.mkv');
    execFileSync(locateFfmpeg().ffmpeg, ['-v', 'error', '-i', mp4, '-c', 'copy', mkv]);
    const info = await probe(mkv);
    const found = await withVideoInput(mkv, 'b.mkv', (input) => referenceFrames(input, info, [0, 1, 2, 3]));
    expect(found.size).toBe(0);
  });
});

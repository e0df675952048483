/**
 * Decodes chosen frames (0-based decode order) of a video's first video stream to RGB24, handing each
 * one to `onFrame` as it arrives: nothing is written to disk and at most one full-size frame per ffmpeg
 * process is held. Two ways, same frames:
 * - `select`: one pass with ffmpeg's `select` filter on the frame number `n` (exact for any video, but it
 *   decodes every frame up to the last one wanted);
 * - `seek`: each frame read from its own input opened at its time (half a frame early, so rounding cannot
 *   miss it), decoding from the previous key frame only; frame n is at n / fps (a constant frame rate).
 * `auto` seeks in long videos and selects in short ones.
 */
import { availableParallelism } from 'node:os';
import { VideoError } from './errors.js';
import { lastLine, runFfmpeg } from './ffmpeg.js';
import type { VideoInfo } from './probe.js';

export type DecodeMethod = 'auto' | 'select' | 'seek';

/** Videos with more frames than this are sampled by seeking (a full decode would take seconds). */
export const SELECT_MAX_FRAMES = 900;

/** Inputs (one per frame) of one ffmpeg run on the seek path, at most. */
const SEEKS_PER_RUN = 16;
/** ffmpeg runs at once on the seek path. */
const SEEK_RUNS = Math.max(1, Math.min(4, availableParallelism()));

export async function decodeFrames(
  file: string,
  shown: string,
  info: VideoInfo,
  indices: readonly number[],
  onFrame: (index: number, rgb: Uint8Array) => void,
  method: DecodeMethod = 'auto',
): Promise<void> {
  const wanted = [...new Set(indices)].sort((a, b) => a - b);
  const seek = method === 'seek' || (method === 'auto' && info.frames > SELECT_MAX_FRAMES);
  if (seek) await decodeBySeeking(file, shown, info, wanted, onFrame);
  else await decodeBySelect(file, shown, info, wanted, onFrame);
}

const COMMON = ['-noautorotate'];
const OUTPUT = ['-an', '-sn', '-dn', '-vsync', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'];

async function decodeBySelect(file: string, shown: string, info: VideoInfo, wanted: readonly number[], onFrame: (index: number, rgb: Uint8Array) => void): Promise<void> {
  const filter = `select='${wanted.map((n) => `eq(n\\,${n})`).join('+')}'`;
  let next = 0;
  const frames = new FrameSplitter(info, (rgb) => {
    const index = wanted[next++];
    if (index !== undefined) onFrame(index, rgb);
  });
  const run = await runFfmpeg([...COMMON, '-i', file, '-map', '0:v:0', '-vf', filter, ...OUTPUT], shown, (chunk) => frames.push(chunk));
  if (run.code !== 0) throw new VideoError('decode', shown, lastLine(run.stderr));
  if (next < wanted.length) throw new VideoError('decode', shown, `frame ${wanted[next]} could not be decoded (${next} of ${wanted.length} frames read)`);
}

/**
 * One ffmpeg with one input per wanted frame, each opened with `-ss` half a frame before the frame's
 * time (ffmpeg seeks to the previous key frame and drops what comes before the time), cut to its first
 * frame, and the cuts concatenated in order: one process, each frame decoded from its own key frame.
 */
async function decodeBySeeking(file: string, shown: string, info: VideoInfo, wanted: readonly number[], onFrame: (index: number, rgb: Uint8Array) => void): Promise<void> {
  // Parallel runs, each with its share of the frames: the machine's cores decode different key-frame intervals at once.
  const runs = Math.max(SEEK_RUNS, Math.ceil(wanted.length / SEEKS_PER_RUN));
  const size = Math.ceil(wanted.length / runs);
  const groups = Array.from({ length: runs }, (_, r) => wanted.slice(r * size, (r + 1) * size)).filter((g) => g.length > 0);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let g = groups[next++]; g !== undefined; g = groups[next++]) await seekGroup(file, shown, info, g, onFrame);
  };
  await Promise.all(Array.from({ length: Math.min(SEEK_RUNS, groups.length) }, worker));
}

async function seekGroup(file: string, shown: string, info: VideoInfo, group: readonly number[], onFrame: (index: number, rgb: Uint8Array) => void): Promise<void> {
  const inputs = group.flatMap((index) => ['-ss', Math.max(0, (index - 0.5) / info.fps).toFixed(6), '-i', file]);
  const cuts = group.map((_, k) => `[${k}:v:0]trim=end_frame=1[v${k}]`).join(';');
  const joined = `${group.map((_, k) => `[v${k}]`).join('')}concat=n=${group.length}:v=1:a=0,setpts=N[out]`;
  let next = 0;
  const frames = new FrameSplitter(info, (rgb) => {
    const index = group[next++];
    if (index !== undefined) onFrame(index, rgb);
  });
  const run = await runFfmpeg([...COMMON, ...inputs, '-filter_complex', `${cuts};${joined}`, '-map', '[out]', ...OUTPUT], shown, (chunk) => frames.push(chunk));
  if (run.code !== 0) throw new VideoError('decode', shown, lastLine(run.stderr));
  if (next < group.length) throw new VideoError('decode', shown, `frame ${group[next]} could not be decoded`);
}

/** Cuts ffmpeg's raw RGB24 stream into whole frames. */
class FrameSplitter {
  private readonly size: number;
  private frame: Uint8Array;
  private filled = 0;

  constructor(
    info: VideoInfo,
    private readonly emit: (rgb: Uint8Array) => void,
  ) {
    this.size = info.width * info.height * 3;
    this.frame = new Uint8Array(this.size);
  }

  push(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(this.size - this.filled, chunk.length - offset);
      this.frame.set(chunk.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.size) {
        this.emit(this.frame);
        this.frame = new Uint8Array(this.size);
        this.filled = 0;
      }
    }
  }
}

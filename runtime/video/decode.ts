/**
 * Decodes chosen frames (0-based, as the decoder returns them) of a video's first video stream to
 * RGB24 (convert.ts), handing each to `onFrame` as it arrives; nothing is written to disk. Frames
 * are fetched by presentation time stamp: frames sharing a key frame form a group, each group is one
 * ffmpeg run, opened with `-ss` at that key frame (no seek when it is the first) and cut by `select`
 * to exactly the wanted time stamps, so nothing depends on a frame rate. Groups run a few at once,
 * the costliest (most frames to decode) first. A group whose wanted frames are all H.264 reference
 * pictures (reference-frames.ts) is decoded skipping the non-reference pictures on the way, which
 * leaves the reference pictures' bytes unchanged. A group whose frames do not all come out (an
 * imprecise seek) is decoded again from the start, skipping nothing; a frame still missing is an
 * error. When the packets could not be indexed (probe.ts), frames are selected by their number in
 * one decode from the start.
 */
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { appliedRotation, outputSize, rgbFilter } from './convert.js';
import { VideoError } from './errors.js';
import type { VideoInput } from './input.js';
import { type VideoInfo, frameTicks, frameTime, toolError } from './probe.js';
import { rawFrames } from './raw-frames.js';
import { referenceFrames } from './reference-frames.js';
import type { RgbImage } from './clip.js';
import { ffmpegInputArgs, startTool, timeLimitMs } from './run-tool.js';

export interface DecodeOptions {
  /** Apply the display matrix (default true). */
  readonly autorotate?: boolean;
}

/** ffmpeg processes at once, one per group: several inputs in one process cost up to three times the CPU (measured, ffmpeg 5.1). */
const RUNS = Math.max(1, Math.min(4, availableParallelism()));

interface Group {
  /** Seconds for `-ss`, or undefined to decode from the start. */
  readonly seek?: number;
  /** Wanted frames in presentation order. */
  readonly frames: readonly number[];
  /** Every wanted frame is a reference picture: the decoder may skip the others. */
  readonly skipNonReference?: boolean;
  /** Frames decoded to reach the last wanted one (from its key frame), the skipped ones weighed half. */
  readonly cost?: number;
}

/** Resolves with the number of frames decoded again from the start because their seek landed too late. */
export async function decodeFrames(
  input: VideoInput,
  shown: string,
  info: VideoInfo,
  indices: readonly number[],
  onFrame: (index: number, rgb: RgbImage) => void,
  options: DecodeOptions = {},
): Promise<{ readonly refetched: number }> {
  const wanted = [...new Set(indices)].sort((a, b) => a - b);
  const out = { rotation: appliedRotation(info, options.autorotate ?? true), info };
  const groups = planGroups(info, wanted, await referenceFrames(input, info, wanted));
  const missing: number[] = [];
  // The costliest groups first, so the last ones to finish are short.
  const queue = [...groups].sort((x, y) => (y.cost ?? 0) - (x.cost ?? 0));
  let next = 0;
  const worker = async (): Promise<void> => {
    // With a process per core, a decoder's own threads only add work (about 8%).
    const threads = queue.length >= RUNS ? 1 : 0;
    for (let g = queue[next++]; g !== undefined; g = queue[next++]) missing.push(...(await decodeBatch(input, shown, info, [g], out, onFrame, threads)));
  };
  await Promise.all(Array.from({ length: Math.min(RUNS, queue.length) }, worker));
  if (missing.length === 0) return { refetched: 0 };
  // A seek that landed after the key frame: decode those frames again from the start.
  const again = await decodeBatch(input, shown, info, [{ frames: missing.sort((a, b) => a - b) }], out, onFrame);
  if (again.length > 0) {
    const n = again[0]!;
    throw new VideoError('decode', shown, `frame ${n} (at ${frameTime(info, n).toFixed(3)} s) could not be decoded (the file lists ${info.frames} frames)`);
  }
  return { refetched: missing.length };
}

/** Groups of wanted frames by key frame, each with the time to seek to; `references` may skip the other pictures. */
export function planGroups(info: VideoInfo, wanted: readonly number[], references: ReadonlySet<number> = new Set()): Group[] {
  if (info.index.kind === 'decoded') return [{ frames: wanted }];
  const table = info.index.table;
  const byKey = new Map<number, number[]>();
  for (const n of wanted) {
    const k = table.keyPacket[n]!;
    byKey.set(k, [...(byKey.get(k) ?? []), n]);
  }
  return [...byKey.values()].map((frames) => {
    // MP4 seeks by presentation time, searching decode times shifted by the stream's first decode time
    // (its reorder delay), so a key frame is reached at the later of its pts and its dts less that shift.
    // Other demuxers seek by decode time (MPEG-TS to a packet at or before it, decoding from the next key
    // frame): the key frame's earliest time stamp lands at or before it.
    const first = frames[0]!;
    const skipNonReference = frames.every((n) => references.has(n));
    const cost = (frames[frames.length - 1]! - firstFrameAtOrAfter(table.pts, table.keyPts[first]!) + 1) * (skipNonReference ? 0.5 : 1);
    const how = skipNonReference ? { skipNonReference, cost } : { cost };
    const ts = info.container.startsWith('mov') ? Math.max(table.keyPts[first]!, table.keyTs[first]! - table.firstTs) : table.keyTs[first]!;
    if (ts <= table.firstTs) return { frames, ...how };
    // Whole microseconds, rounded down.
    const seconds = Math.floor((ts * info.timeBase - info.startTime) * 1e6) / 1e6;
    return seconds > 0 ? { seek: seconds, frames, ...how } : { frames, ...how };
  });
}

/** The first frame whose pts is at least `pts` (frames are in pts order). */
function firstFrameAtOrAfter(ptsOfFrames: Float64Array, pts: number): number {
  let lo = 0;
  let hi = ptsOfFrames.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ptsOfFrames[mid]! < pts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One ffmpeg run with one input and one output pipe per group (`threads` per decoder, 0: ffmpeg's choice); returns the frames that did not come out. */
async function decodeBatch(
  input: VideoInput,
  shown: string,
  info: VideoInfo,
  groups: readonly Group[],
  out: { rotation: 0 | 90 | 180 | 270; info: VideoInfo },
  onFrame: (index: number, rgb: RgbImage) => void,
  threads = 0,
): Promise<number[]> {
  const size = outputSize(info, out.rotation);
  const convert = rgbFilter(info, out.rotation);
  const args: string[] = ['-copyts'];
  const filters: string[] = [];
  const outputs: string[] = [];
  groups.forEach((g, k) => {
    if (g.seek !== undefined) args.push('-ss', g.seek.toFixed(6), '-noaccurate_seek');
    if (threads > 0) args.push('-threads', String(threads));
    if (g.skipNonReference) args.push('-skip_frame:v', 'noref');
    args.push(...ffmpegInputArgs(input));
    filters.push(`[${k}:v:0]select='${selectExpr(info, g.frames)}',${convert}[o${k}]`);
    outputs.push('-map', `[o${k}]`, '-frames:v', String(g.frames.length), '-f', 'rawvideo', `pipe:${4 + k}`);
  });
  args.push('-filter_complex', filters.join(';'), '-vsync', 'passthrough', ...outputs);
  const work = Math.max(1, groups.length);
  const run = startTool({ tool: 'ffmpeg', args, shown, input, timeoutMs: timeLimitMs(input, work), outputs: groups.length });
  const got = groups.map((g, k) =>
    readFrames(run.pipes[k]!, size.width * size.height * 3, (i, data) => {
      const index = g.frames[i];
      if (index !== undefined) onFrame(index, { ...size, data });
    }),
  );
  const [exit, counts] = await Promise.all([run.exited, Promise.all(got)]);
  if (exit.code !== 0) throw toolError(exit, shown, 'ffmpeg');
  return groups.flatMap((g, k) => g.frames.slice(counts[k]!));
}

/** `select`'s test for the wanted frames: exact time stamps, or frame numbers in a full decode. */
function selectExpr(info: VideoInfo, frames: readonly number[]): string {
  if (info.index.kind === 'decoded') return frames.map((n) => `eq(n\\,${n})`).join('+');
  return frames.map((n) => `eq(pts\\,${frameTicks(info, n)})`).join('+');
}

/** Hands each whole frame of a raw RGB24 pipe to `emit`; resolves with the number of frames read. */
async function readFrames(pipe: Readable, frameBytes: number, emit: (i: number, data: Uint8Array) => void): Promise<number> {
  let count = 0;
  for await (const frame of rawFrames(pipe as AsyncIterable<Buffer>, frameBytes)) emit(count++, frame);
  return count;
}

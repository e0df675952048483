/**
 * What the sampler needs to know about a video, from ffprobe's structured output (the ffprobe of
 * the ffmpeg install that decodes): the first video stream's size, pixel format, rotation, time
 * base, and its frames. Frames are counted exactly, without decoding when the packets allow it
 * (frame-table.ts: kept packets in pts order), else by decoding every frame (ffprobe's frame list).
 * No frame rate is assumed: a frame's time is its presentation time stamp.
 */
import { VideoError } from './errors.js';
import { type FrameTable, PacketReader, buildFrameTable } from './frame-table.js';
import type { VideoInput } from './input.js';
import { MAX_PIXELS, MAX_SIDE, type ToolExit, failureLine, inputArgs, runTool, runToolText, startTool, timeLimitMs } from './run-tool.js';

/** How frame n is found: by the pts table (seeking to key frames), or by its number in a full decode. */
export type FrameIndex =
  | { readonly kind: 'pts'; readonly table: FrameTable }
  | { readonly kind: 'decoded'; readonly times: Float64Array; readonly reason: string };

export interface StreamInfo {
  /** The stored frame size (before rotation). */
  readonly width: number;
  readonly height: number;
  readonly pixFmt: string;
  readonly codec: string;
  readonly container: string;
  /** Degrees clockwise the display matrix turns the picture for display (0, 90, 180, 270, or another angle). */
  readonly rotation: number;
  /** `N:D`; `1:1` when the stream has none. vnet, like PyAV and TSM's extraction, does not stretch by it. */
  readonly sampleAspectRatio: string;
  /** Seconds per time stamp tick. */
  readonly timeBase: number;
  /** The stream's average frame rate (what TimeSformer's decoder reads), when given. */
  readonly averageRate?: number;
  /** The container's start time in seconds (ffmpeg's `-ss` counts from it). */
  readonly startTime: number;
  /** Frames the container's header lists (MP4's sample table), when it does. */
  readonly claimedFrames?: number;
}

export interface VideoInfo extends StreamInfo {
  /** Frames the decoder returns (after edit lists). */
  readonly frames: number;
  /** Packets read from the container (frames to be dropped included). */
  readonly packetsRead: number;
  readonly index: FrameIndex;
  /** Set when fewer frames decode than the container lists or the packets promise. */
  readonly damaged?: { readonly expected: number; readonly decoded: number };
  /** averageRate, else frames / duration. */
  readonly fps: number;
  /** Seconds from the first frame to the end of the last. */
  readonly duration: number;
}

export interface ProbeOptions {
  /** Count frames by decoding them all (after a frame the packets promised failed to decode). */
  readonly decodeAll?: { readonly expected: number };
}

export async function probeVideo(input: VideoInput, shown: string, options: ProbeOptions = {}): Promise<VideoInfo> {
  // The packet list and the stream's facts are read by two ffprobe runs at once.
  const reader = new PacketReader();
  const listing = startTool({
    tool: 'ffprobe',
    args: ['-select_streams', 'v:0', '-show_entries', 'packet=pts,dts,size,pos,flags', '-of', 'compact=p=0', ...inputArgs(input)],
    shown,
    input,
    timeoutMs: timeLimitMs(input),
  });
  listing.stdout.on('data', (chunk: Buffer) => reader.push(chunk.toString('latin1')));
  let stream: StreamInfo;
  try {
    stream = await probeStream(input, shown);
  } catch (error) {
    listing.stop();
    await listing.exited.catch(() => undefined);
    throw error;
  }
  const run = await listing.exited;
  if (run.code !== 0) throw toolError(run, shown, 'ffprobe');
  const packets = reader.finish();
  const built = buildFrameTable(packets);
  // A file cut short (fewer packets than its container lists) ends in a frame that may not decode: count by decoding.
  const truncated = stream.claimedFrames !== undefined && packets.count < stream.claimedFrames;
  const why = !built.ok ? built.error : truncated ? 'the file is truncated' : options.decodeAll ? 'a frame did not decode' : undefined;
  const index: FrameIndex =
    built.ok && why === undefined ? { kind: 'pts', table: built.value } : { kind: 'decoded', times: await decodedTimes(input, shown), reason: why ?? '' };
  const times = index.kind === 'pts' ? index.table.pts : index.times;
  if (times.length === 0) throw new VideoError('no-frames', shown, 'no frames');
  const first = times[0]!;
  const last = times[times.length - 1]!;
  const span = (last - first) * stream.timeBase;
  const duration = times.length > 1 ? (span * times.length) / (times.length - 1) : stream.averageRate ? 1 / stream.averageRate : 0;
  const fps = stream.averageRate ?? (duration > 0 ? times.length / duration : 1);
  const expected = truncated ? stream.claimedFrames : options.decodeAll?.expected;
  const damaged = expected !== undefined && times.length < expected ? { damaged: { expected, decoded: times.length } } : {};
  return { ...stream, frames: times.length, packetsRead: packets.count, index, fps, duration, ...damaged };
}

/** The time stamp (stream ticks) of frame n. */
export function frameTicks(info: VideoInfo, n: number): number {
  return info.index.kind === 'pts' ? info.index.table.pts[n]! : info.index.times[n]!;
}

/** Seconds from the first frame to frame n. */
export function frameTime(info: VideoInfo, n: number): number {
  return (frameTicks(info, n) - frameTicks(info, 0)) * info.timeBase;
}

async function probeStream(input: VideoInput, shown: string): Promise<StreamInfo> {
  const { exit, stdout } = await runToolText(
    {
      tool: 'ffprobe',
      args: ['-select_streams', 'v:0', '-show_streams', '-show_format', '-of', 'json', ...inputArgs(input)],
      shown,
      input,
      timeoutMs: timeLimitMs(input),
    },
    16 * 1024 * 1024,
  );
  if (exit.code !== 0) throw toolError(exit, shown, 'ffprobe');
  // The decoder refused a frame over -max_pixels: the stream then reports no size.
  const capped = /Picture size (\d+)x(\d+) exceeds/.exec(exit.stderr);
  if (capped) throw new VideoError('too-large', shown, `${capped[1]}x${capped[2]} frames`);
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    throw new VideoError('unreadable', shown, 'ffprobe gave no readable report');
  }
  return readStreamInfo(doc, shown);
}

interface ProbeDoc {
  streams?: Record<string, unknown>[];
  format?: Record<string, unknown>;
}

/** The first video stream's facts from ffprobe's JSON (`-show_streams -show_format`). */
export function readStreamInfo(doc: unknown, shown: string): StreamInfo {
  const { streams, format } = (doc ?? {}) as ProbeDoc;
  const s = streams?.find((x) => x['codec_type'] === 'video');
  if (!s) throw new VideoError('no-video', shown, 'no video stream');
  const width = integer(s['width']);
  const height = integer(s['height']);
  if (!width || !height) throw new VideoError('unreadable', shown, 'the video stream has no frame size');
  if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
    throw new VideoError('too-large', shown, `${width}x${height} frames`);
  }
  const timeBase = rational(s['time_base']);
  if (!timeBase) throw new VideoError('unreadable', shown, 'the video stream has no time base');
  const claimed = integer(s['nb_frames']);
  const rate = rational(s['avg_frame_rate']);
  return {
    width,
    height,
    pixFmt: typeof s['pix_fmt'] === 'string' ? s['pix_fmt'] : 'unknown',
    codec: typeof s['codec_name'] === 'string' ? s['codec_name'] : 'unknown',
    container: typeof format?.['format_name'] === 'string' ? format['format_name'] : 'unknown',
    rotation: rotationOf(s),
    sampleAspectRatio: typeof s['sample_aspect_ratio'] === 'string' && /^[1-9]\d*:[1-9]\d*$/.test(s['sample_aspect_ratio']) ? s['sample_aspect_ratio'] : '1:1',
    timeBase,
    ...(rate ? { averageRate: rate } : {}),
    startTime: Number(format?.['start_time']) || 0,
    ...(claimed ? { claimedFrames: claimed } : {}),
  };
}

/** Clockwise degrees: the display matrix (ffprobe's `rotation` is counterclockwise), else the old `rotate` tag. */
function rotationOf(s: Record<string, unknown>): number {
  const side = Array.isArray(s['side_data_list']) ? (s['side_data_list'] as Record<string, unknown>[]) : [];
  const matrix = side.find((d) => typeof d['rotation'] === 'number');
  const tags = (s['tags'] ?? {}) as Record<string, unknown>;
  const degrees = matrix ? -(matrix['rotation'] as number) : Number(tags['rotate'] ?? 0);
  return Number.isFinite(degrees) ? ((degrees % 360) + 360) % 360 : 0;
}

/** Every frame's best-effort time stamp, by decoding them all (when the packets cannot be trusted). */
async function decodedTimes(input: VideoInput, shown: string): Promise<Float64Array> {
  const times: number[] = [];
  let rest = '';
  const take = (line: string): void => {
    const m = /best_effort_timestamp=(-?\d+|N\/A)/.exec(line);
    if (m) times.push(m[1] === 'N/A' ? (times.length > 0 ? times[times.length - 1]! + 1 : 0) : Number(m[1]));
  };
  const run = await runTool(
    {
      tool: 'ffprobe',
      args: ['-select_streams', 'v:0', '-show_entries', 'frame=best_effort_timestamp', '-of', 'compact=p=0', ...inputArgs(input)],
      shown,
      input,
      timeoutMs: timeLimitMs(input, 10),
    },
    (chunk) => {
      const lines = (rest + chunk.toString('latin1')).split('\n');
      rest = lines.pop() ?? '';
      lines.forEach(take);
    },
  );
  take(rest);
  if (run.code !== 0 && times.length === 0) throw toolError(run, shown, 'ffprobe');
  return Float64Array.from(times);
}

const PLAYLISTS: Readonly<Record<string, string>> = { hls: ' (an HLS playlist)', concat: ' (a concat list)', dash: ' (a DASH manifest)' };

/** A tool's failure as the VideoError the user should see. */
export function toolError(exit: ToolExit, shown: string, tool: string): VideoError {
  const line = failureLine(exit, tool).replace(/file:\/dev\/fd\/\d+:?\s*/g, '');
  if (exit.timedOut) return new VideoError('timeout', shown, line);
  const refused = /\[([\w,]+) @ [^\]]*\] Format not on whitelist/.exec(exit.stderr);
  if (refused) return new VideoError('container', shown, `ffmpeg reads it as '${refused[1]}'${PLAYLISTS[refused[1]!] ?? ''}`);
  if (/max_pixels|Picture size .* is invalid/i.test(exit.stderr)) return new VideoError('too-large', shown, line);
  return new VideoError('unreadable', shown, line);
}

function integer(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

function rational(value: unknown): number | undefined {
  const m = typeof value === 'string' ? /^(\d+)\/(\d+)$/.exec(value) : null;
  if (!m || Number(m[1]) === 0 || Number(m[2]) === 0) return undefined;
  return Number(m[1]) / Number(m[2]);
}

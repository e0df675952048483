/**
 * What the sampler needs to know about a video: its number of decodable frames, frame rate and size.
 * One ffmpeg run copies the first video stream's packets to the null muxer (demuxing only, no decoding):
 * `-progress` gives the frame count machine-readably, the input dump on stderr gives size and rate.
 */
import { access, constants } from 'node:fs/promises';
import { VideoError } from './errors.js';
import { lastLine, runFfmpeg } from './ffmpeg.js';

export interface VideoInfo {
  /** Frames of the first video stream (its packets; one per frame for the codecs vnet meets). */
  readonly frames: number;
  /** Average frame rate (frames per second). */
  readonly fps: number;
  /** Seconds (frames / fps). */
  readonly duration: number;
  readonly width: number;
  readonly height: number;
}

export async function probeVideo(file: string, shown = file): Promise<VideoInfo> {
  await readable(file, shown);
  let progress = '';
  const run = await runFfmpeg(['-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'null', '-progress', 'pipe:1', '-nostats', '-'], shown, (chunk) => {
    progress = (progress + chunk.toString('utf8')).slice(-4096);
  });
  const stream = parseVideoStream(run.stderr);
  if (run.code !== 0 || !stream) {
    if (/matches no streams|does not contain any stream/i.test(run.stderr) || (run.code === 0 && !stream)) throw new VideoError('no-video', shown, 'no video stream');
    throw new VideoError('unreadable', shown, lastLine(run.stderr));
  }
  const counts = [...progress.matchAll(/^frame=(\d+)$/gm)];
  const frames = Number(counts[counts.length - 1]?.[1] ?? 0);
  if (frames === 0) throw new VideoError('no-frames', shown, 'no frames');
  return { frames, fps: stream.fps, duration: frames / stream.fps, width: stream.width, height: stream.height };
}

/** `Stream #0:0(und): Video: h264 (High) ..., yuv420p(progressive), 1280x720 [SAR 1:1 DAR 16:9], 30 fps, 30 tbr, ...` */
export function parseVideoStream(stderr: string): { width: number; height: number; fps: number } | undefined {
  const line = stderr.split(/\r?\n/).find((l) => /Stream #\d+:\d+.*: Video: /.test(l));
  if (!line) return undefined;
  const size = /, (\d{1,5})x(\d{1,5})[ ,]/.exec(`${line},`);
  const fps = /, ([\d.]+)(k?) fps/.exec(line) ?? /, ([\d.]+)(k?) tbr/.exec(line);
  if (!size) return undefined;
  const rate = fps ? Number(fps[1]) * (fps[2] === 'k' ? 1000 : 1) : NaN;
  return { width: Number(size[1]), height: Number(size[2]), fps: Number.isFinite(rate) && rate > 0 ? rate : 25 };
}

async function readable(file: string, shown: string): Promise<void> {
  try {
    await access(file, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new VideoError('unreadable', shown, code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : String(code));
  }
}

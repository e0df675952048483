/**
 * Every `step`-th frame of a video (frames 0, step, 2 * step, ... as the decoder returns them) as an
 * async sequence of RGB24 frames with their times (presentation time stamps, seconds from the first
 * frame), for streaming: read as the consumer asks (raw-frames.ts), so a long video never sits in memory.
 */
import { appliedRotation, outputSize, rgbFilter } from './convert.js';
import { VideoError } from './errors.js';
import type { VideoInput } from './input.js';
import { type VideoInfo, frameTime, toolError } from './probe.js';
import { rawFrames } from './raw-frames.js';
import type { RgbImage } from './clip.js';
import { ffmpegInputArgs, startTool, timeLimitMs } from './run-tool.js';

export interface StreamedFrame {
  readonly index: number;
  /** Seconds from the first frame (its presentation time stamp). */
  readonly time: number;
  readonly image: RgbImage;
}

export async function* everyFrame(
  input: VideoInput,
  shown: string,
  info: VideoInfo,
  step: number,
  options: { autorotate?: boolean } = {},
): AsyncGenerator<StreamedFrame> {
  const rotation = appliedRotation(info, options.autorotate ?? true);
  const size = outputSize(info, rotation);
  const select = step === 1 ? '' : `select='not(mod(n\\,${step}))',`;
  const args = [
    ...ffmpegInputArgs(input),
    '-map',
    '0:v:0',
    '-vf',
    `${select}${rgbFilter(info, rotation)}`,
    '-an',
    '-sn',
    '-dn',
    '-vsync',
    'passthrough',
    '-f',
    'rawvideo',
    'pipe:1',
  ];
  // A stream runs at the model's pace (ffmpeg waits on the pipe meanwhile), so its limit is 1000 passes' worth.
  const run = startTool({ tool: 'ffmpeg', args, shown, input, timeoutMs: timeLimitMs(input, 1000) });
  let index = 0;
  try {
    for await (const data of rawFrames(run.stdout as AsyncIterable<Buffer>, size.width * size.height * 3)) {
      if (index >= info.frames) throw new VideoError('decode', shown, `more frames decoded than the ${info.frames} counted`);
      yield { index, time: frameTime(info, index), image: { ...size, data } };
      index += step;
    }
    const exit = await run.exited;
    if (exit.code !== 0) throw toolError(exit, shown, 'ffmpeg');
  } finally {
    run.stop();
  }
}

/**
 * Every `step`-th frame of a video (frames 0, step, 2 * step, ...) as an async sequence of RGB24 frames,
 * for streaming: ffmpeg's output is read as the consumer asks for it (the pipe's back-pressure pauses
 * ffmpeg), so a long video never sits in memory.
 */
import { spawn } from 'node:child_process';
import { VideoError } from './errors.js';
import { ffmpegPath, lastLine } from './ffmpeg.js';
import type { VideoInfo } from './probe.js';

export async function* everyFrame(file: string, shown: string, info: VideoInfo, step: number): AsyncGenerator<{ index: number; rgb: Uint8Array }> {
  const filter = step === 1 ? 'null' : `select='not(mod(n\\,${step}))'`;
  const args = ['-nostdin', '-hide_banner', '-v', 'error', '-noautorotate', '-i', file, '-map', '0:v:0', '-vf', filter, '-an', '-sn', '-dn', '-vsync', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'];
  const child = spawn(ffmpegPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-16 * 1024);
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (error) => reject(new VideoError('no-ffmpeg', shown, error.message)));
    child.on('close', resolve);
  });
  const size = info.width * info.height * 3;
  let frame = new Uint8Array(size);
  let filled = 0;
  let index = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let offset = 0;
      while (offset < chunk.length) {
        const n = Math.min(size - filled, chunk.length - offset);
        frame.set(chunk.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (filled === size) {
          yield { index, rgb: frame };
          index += step;
          frame = new Uint8Array(size);
          filled = 0;
        }
      }
    }
    const code = await exited;
    if (code !== 0) throw new VideoError('decode', shown, lastLine(stderr));
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

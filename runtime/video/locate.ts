/**
 * Where ffmpeg and ffprobe are: the one place that knows (a packaging change is made here only).
 * Both come from one install, so the prober and the decoder share their demuxers and agree on
 * frame numbers: `VNET_FFMPEG` (with `VNET_FFPROBE`, else the ffprobe beside it), then the first
 * ffmpeg on PATH with an ffprobe beside it. No npm package ships the two from one build, so a machine
 * needs an ffmpeg install with ffprobe (Debian's `ffmpeg` package has both).
 */
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { VideoError } from './errors.js';

export interface FfmpegInstall {
  readonly ffmpeg: string;
  readonly ffprobe: string;
}

let cached: FfmpegInstall | undefined;

/** The ffmpeg and ffprobe to run; a VideoError ('no-ffmpeg') when no install has both. */
export function locateFfmpeg(): FfmpegInstall {
  if (cached !== undefined) return cached;
  const tried: string[] = [];
  for (const ffmpeg of candidates()) {
    const ffprobe =
      ffmpeg === process.env['VNET_FFMPEG'] && process.env['VNET_FFPROBE'] ? process.env['VNET_FFPROBE'] : path.join(path.dirname(ffmpeg), 'ffprobe');
    if (isExecutable(ffmpeg) && isExecutable(ffprobe)) return (cached = { ffmpeg, ffprobe });
    tried.push(isExecutable(ffmpeg) ? `${ffmpeg} (no ffprobe beside it)` : ffmpeg);
  }
  throw new VideoError('no-ffmpeg', 'ffmpeg', tried.length > 0 ? `no ffmpeg install with ffprobe found (tried ${tried.join(', ')})` : 'no ffmpeg on PATH');
}

function candidates(): string[] {
  const out: string[] = [];
  const fromEnv = process.env['VNET_FFMPEG'];
  if (fromEnv) out.push(fromEnv);
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (dir !== '' && isExecutable(path.join(dir, 'ffmpeg'))) out.push(path.join(dir, 'ffmpeg'));
  }
  return [...new Set(out)];
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

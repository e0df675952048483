/**
 * Test videos made with ffmpeg's own sources. `indexVideo` paints frame n in one solid colour that
 * encodes n (red = 8 * (n mod 32), blue = 8 * floor(n / 32)): steps of 8 survive H.264, so the frame a
 * decoder returned can be read back from any pixel.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { locateFfmpeg } from '../../../runtime/video/locate.js';

export function hasFfmpeg(): boolean {
  try {
    locateFfmpeg();
    return true;
  } catch {
    return false;
  }
}

export const videoDir = (): string => mkdtempSync(path.join(tmpdir(), 'vnet-video-'));

export function makeVideo(file: string, source: string, extra: readonly string[] = []): string {
  execFileSync(locateFfmpeg().ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, ...extra, file]);
  return file;
}

/** `frames` frames at `fps`, key frame every `gop`, `width` x `height`. */
export function indexVideo(file: string, frames: number, options: { fps?: number; gop?: number; width?: number; height?: number } = {}): string {
  const { fps = 30, gop = 10, width = 64, height = 48 } = options;
  const source = `color=c=black:s=${width}x${height}:r=${fps},format=rgb24,geq=r='8*mod(N\\,32)':g='128':b='8*floor(N/32)'`;
  return makeVideo(file, source, ['-frames:v', String(frames), '-c:v', 'libx264', '-g', String(gop), '-crf', '10', '-pix_fmt', 'yuv420p']);
}

/** The frame number an `indexVideo` frame shows (read at its first pixel). */
export function frameNumber(rgb: Uint8Array): number {
  return Math.round(rgb[0]! / 8) + 32 * Math.round(rgb[2]! / 8);
}

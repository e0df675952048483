/**
 * Test videos made with ffmpeg's own sources. `indexVideo` paints frame n in one solid colour that
 * encodes n (red = 8 * (n mod 32), blue = 8 * floor(n / 32)): steps of 8 survive H.264, so the frame a
 * decoder returned can be read back from any pixel. `madeVideo` makes each kind of file once per test
 * run (a cache folder shared by the test files of one process).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { locateFfmpeg } from '../../../runtime/video/locate.js';
import { parseNpy } from '../../../runtime/npy.js';

export function hasFfmpeg(): boolean {
  try {
    locateFfmpeg();
    return true;
  } catch {
    return false;
  }
}

export const hasPyAv = (): boolean => spawnSync('/usr/bin/python3', ['-c', 'import av, PIL, numpy'], { encoding: 'utf8' }).status === 0;

export const videoDir = (): string => mkdtempSync(path.join(tmpdir(), 'vnet-video-'));

export function makeVideo(file: string, source: string, extra: readonly string[] = []): string {
  execFileSync(locateFfmpeg().ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, ...extra, file]);
  return file;
}

export function ffmpeg(args: readonly string[]): void {
  execFileSync(locateFfmpeg().ffmpeg, ['-v', 'error', '-y', ...args]);
}

/** The painted-number source: `frames` frames at 30 fps, `width` x `height`, as an ffmpeg filter graph input. */
export function indexSource(width: number, height: number, fps = 30): string {
  return `color=c=black:s=${width}x${height}:r=${fps},format=rgb24,geq=r='8*mod(N\\,32)':g='128':b='8*floor(N/32)'`;
}

/** `frames` frames at `fps`, key frame every `gop`, `width` x `height`. */
export function indexVideo(file: string, frames: number, options: { fps?: number; gop?: number; width?: number; height?: number } = {}): string {
  const { fps = 30, gop = 10, width = 64, height = 48 } = options;
  return makeVideo(file, indexSource(width, height, fps), [
    '-frames:v',
    String(frames),
    '-c:v',
    'libx264',
    '-g',
    String(gop),
    '-crf',
    '10',
    '-pix_fmt',
    'yuv420p',
  ]);
}

/** The frame number an `indexVideo` frame shows (read at its first pixel). */
export function frameNumber(rgb: Uint8Array): number {
  return Math.round(rgb[0]! / 8) + 32 * Math.round(rgb[2]! / 8);
}

const cacheDir = path.join(tmpdir(), `vnet-video-cache-${process.ppid}`);

/** A video made once per test run by `make(file)` (cached by name in a per-run folder). */
export function madeVideo(name: string, make: (file: string) => void): string {
  mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, name);
  if (!existsSync(file)) {
    const part = path.join(cacheDir, `part-${process.pid}-${name}`);
    make(part);
    renameSync(part, file);
  }
  return file;
}

/** Clockwise degrees the file's display matrix asks for, as ffprobe reports it (its `rotation` is counterclockwise). */
export function displayRotation(file: string): number {
  const out = execFileSync(locateFfmpeg().ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_streams', '-of', 'json', file], { encoding: 'utf8' });
  const side = ((JSON.parse(out) as { streams: { side_data_list?: { rotation?: number }[] }[] }).streams[0]?.side_data_list ?? []).find(
    (d) => d.rotation !== undefined,
  );
  return ((-(side?.rotation ?? 0) % 360) + 360) % 360;
}

const REF = fileURLToPath(new URL('../../../refs/video_preprocess.py', import.meta.url));

export interface Reference {
  readonly count: number;
  readonly frames: number[];
  readonly frame_times: number[];
  readonly clip: Float32Array;
}

/** PyAV + PIL (refs/video_preprocess.py) on `file`: TSN's segments over PyAV's frames, or the given indices. */
export function reference(file: string, resize: number, crop: number, which: { segments: number } | { frames: readonly number[] }, rotate = 0): Reference {
  const dir = mkdtempSync(path.join(tmpdir(), 'vnet-ref-'));
  const out = path.join(dir, 'clip.npy');
  const raw = path.join(dir, 'raw.npy');
  const pick = 'segments' in which ? ['--segments', String(which.segments)] : which.frames.map(String);
  const run = spawnSync('/usr/bin/python3', [REF, file, String(resize), String(crop), out, raw, '--rotate', String(rotate), ...pick], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`reference failed: ${run.stderr}`);
  const npy = (f: string) => {
    const parsed = parseNpy(readFileSync(f));
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value.data;
  };
  const doc = JSON.parse(run.stdout) as Omit<Reference, 'clip'>;
  return { ...doc, clip: npy(out) as Float32Array };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

export function writeText(file: string, text: string): string {
  writeFileSync(file, text);
  return file;
}

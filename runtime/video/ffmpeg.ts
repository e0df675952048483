/**
 * Finding and running ffmpeg: the one on PATH first (it usually comes with ffprobe and current codecs),
 * else the static binary that `@ffmpeg-installer/ffmpeg` ships inside node_modules, so `npm install`
 * alone is a complete set-up. Only ffmpeg is used (the npm package ships no ffprobe).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { VideoError } from './errors.js';

let cached: string | undefined;

/** The ffmpeg to run: `VNET_FFMPEG`, then PATH, then the npm package's binary; a VideoError when none exists. */
export function ffmpegPath(): string {
  if (cached !== undefined) return cached;
  const fromEnv = process.env['VNET_FFMPEG'];
  const found = (fromEnv && isExecutable(fromEnv) ? fromEnv : undefined) ?? onPath('ffmpeg') ?? bundled();
  if (!found) throw new VideoError('no-ffmpeg', 'ffmpeg', 'not on PATH, and the @ffmpeg-installer/ffmpeg binary is missing');
  return (cached = found);
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function bundled(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const found = (require('@ffmpeg-installer/ffmpeg') as { path?: unknown }).path;
    return typeof found === 'string' && isExecutable(found) ? found : undefined;
  } catch {
    return undefined;
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface FfmpegRun {
  readonly code: number | null;
  /** The last lines of stderr (ffmpeg's messages), for error reports and stream info. */
  readonly stderr: string;
}

/**
 * Runs ffmpeg with `args`; stdout is handed to `onStdout` chunk by chunk (never collected whole),
 * stderr is kept up to a limit. Resolves when the process exits; a failure to start is a VideoError.
 */
export function runFfmpeg(args: readonly string[], file: string, onStdout?: (chunk: Buffer) => void): Promise<FfmpegRun> {
  const binary = ffmpegPath();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['-nostdin', '-hide_banner', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => onStdout?.(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-64 * 1024);
    });
    child.on('error', (error) => reject(new VideoError('no-ffmpeg', file, `cannot start ${binary}: ${error.message}`)));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** The most telling line of ffmpeg's stderr (its last non-empty one). */
export function lastLine(stderr: string): string {
  const lines = stderr.split(/\r?\n|\r/).map((l) => l.trim()).filter((l) => l !== '');
  return lines[lines.length - 1] ?? 'ffmpeg failed';
}

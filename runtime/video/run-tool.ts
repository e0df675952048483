/**
 * The one way vnet runs ffmpeg and ffprobe (probing, sampling and streaming all come here). Every
 * run reads only the opened input (child fd 3) through the `file` protocol and a container
 * allowlist (no playlists, concat lists, pipes or devices), caps the frame size decoders accept,
 * has a time limit scaled to the file, and leads its own process group, which is killed on timeout,
 * when the caller stops reading, and when vnet ends (io/cleanup.ts).
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { trackProcessGroup, untrackProcessGroup } from '../../io/cleanup.js';
import { VideoError } from './errors.js';
import { INPUT_FD, type VideoInput } from './input.js';
import { locateFfmpeg } from './locate.js';

/** Demuxers a video may be read with (ffmpeg's names; `mov` is mp4/mov/m4v/3gp, `matroska` is mkv/webm). */
export const CONTAINERS = ['mov', 'matroska', 'webm', 'avi', 'mpegts', 'mpeg', 'flv', 'ogg', 'asf'] as const;

/** Largest frame decoded: 8192 x 4096 pixels (8K UHD fits); larger streams are refused from the probe. */
export const MAX_PIXELS = 8192 * 4096;
/** Largest width or height. */
export const MAX_SIDE = 16384;

/** The options before `-i` that bound what a tool may open and decode. */
export function inputArgs(input: VideoInput): string[] {
  return ['-protocol_whitelist', 'file', '-format_whitelist', CONTAINERS.join(','), '-max_pixels', String(MAX_PIXELS), '-i', input.url];
}

/** ffmpeg only: vnet turns frames itself (convert.ts), after the colour conversion. */
export function ffmpegInputArgs(input: VideoInput): string[] {
  return ['-noautorotate', ...inputArgs(input)];
}

/** Time a run may take: 20 s, plus 1 s per 2 MB of input, times `work` (decoding passes). */
export function timeLimitMs(input: VideoInput, work = 1): number {
  return Math.round((20_000 + input.size / 2_000) * work);
}

export interface ToolOptions {
  readonly tool: 'ffmpeg' | 'ffprobe';
  readonly args: readonly string[];
  /** The video's name as the user gave it, for errors. */
  readonly shown: string;
  readonly input: VideoInput;
  readonly timeoutMs: number;
  /** Extra output pipes, the child's fds 4, 5, ... (`pipe:4`): one per ffmpeg output. */
  readonly outputs?: number;
}

export interface ToolExit {
  readonly code: number | null;
  /** The last 16 KiB of stderr. */
  readonly stderr: string;
  readonly timedOut: boolean;
}

export interface StartedTool {
  readonly stdout: Readable;
  /** The extra output pipes, in order (fd 4 first). */
  readonly pipes: readonly Readable[];
  readonly exited: Promise<ToolExit>;
  /** Kills the process group (the caller no longer needs the output). */
  stop(): void;
}

/** Starts a tool; its stdout is the caller's to read. A failure to start is a VideoError ('no-ffmpeg'). */
export function startTool(options: ToolOptions): StartedTool {
  const install = locateFfmpeg();
  const binary = options.tool === 'ffmpeg' ? install.ffmpeg : install.ffprobe;
  const quiet = options.tool === 'ffmpeg' ? ['-nostdin', '-hide_banner', '-v', 'error'] : ['-hide_banner', '-v', 'error'];
  const stdio: ('ignore' | 'pipe' | number)[] = ['ignore', 'pipe', 'pipe', options.input.fd];
  for (let i = 0; i < (options.outputs ?? 0); i++) stdio.push('pipe');
  if (stdio[INPUT_FD] !== options.input.fd) throw new Error('input descriptor out of place');
  const child = spawn(binary, [...quiet, ...options.args], { stdio, detached: true }) as ChildProcessByStdio<null, Readable, Readable>;
  const pipes = child.stdio.slice(INPUT_FD + 1) as Readable[];
  if (child.pid !== undefined) trackProcessGroup(child.pid);
  let stderr = '';
  let timedOut = false;
  const stop = (): void => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, options.timeoutMs);
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-16 * 1024);
  });
  const exited = new Promise<ToolExit>((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new VideoError('no-ffmpeg', options.shown, `cannot start ${binary}: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (child.pid !== undefined) untrackProcessGroup(child.pid);
      resolve({ code, stderr, timedOut });
    });
  });
  return { stdout: child.stdout, pipes, exited, stop };
}

/** Runs a tool to its end, handing stdout to `onStdout` chunk by chunk. */
export async function runTool(options: ToolOptions, onStdout: (chunk: Buffer) => void): Promise<ToolExit> {
  const started = startTool(options);
  started.stdout.on('data', onStdout);
  return started.exited;
}

/** Runs a tool and collects its stdout, up to `limit` bytes (more is an error: the tool is stopped). */
export async function runToolText(options: ToolOptions, limit: number): Promise<{ exit: ToolExit; stdout: string }> {
  const started = startTool(options);
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  started.stdout.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      over = true;
      started.stop();
    } else chunks.push(chunk);
  });
  const exit = await started.exited;
  if (over) throw new VideoError('unreadable', options.shown, `the ${options.tool} report is over ${limit} bytes`);
  return { exit, stdout: Buffer.concat(chunks).toString('utf8') };
}

/** The most telling line of a tool's stderr (its last non-empty one), or why it was stopped. */
export function failureLine(exit: ToolExit, tool: string): string {
  if (exit.timedOut) return `${tool} took longer than its time limit`;
  const lines = exit.stderr
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines[lines.length - 1] ?? `${tool} failed`;
}

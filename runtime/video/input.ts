/**
 * A video is opened by vnet before any tool sees it: without blocking (a FIFO named `a.mp4` cannot
 * hang the open), checked with fstat to be a regular file, and handed to ffmpeg/ffprobe as the
 * child's file descriptor 3 (`file:/dev/fd/3`), so the tools read exactly the file that was checked,
 * never what a name points to a moment later.
 */
import { constants, existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { fileKind, fileReason } from '../../io/reason.js';
import { VideoError } from './errors.js';

export interface VideoInput {
  /** The descriptor the tools inherit as their fd 3. */
  readonly fd: number;
  readonly size: number;
  /** What the tools open: the inherited descriptor where /dev/fd exists, else the path itself. */
  readonly url: string;
  close(): Promise<void>;
}

/** The descriptor number a tool sees the input as. */
export const INPUT_FD = 3;

const DEV_FD = existsSync('/dev/fd');

export async function openVideoInput(file: string, shown: string): Promise<VideoInput> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new VideoError('unreadable', shown, fileReason(error));
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new VideoError('unreadable', shown, `is ${fileKind(stats)}, not a regular file`);
    if (stats.size === 0) throw new VideoError('unreadable', shown, 'the file is empty');
    return { fd: handle.fd, size: stats.size, url: DEV_FD ? `file:/dev/fd/${INPUT_FD}` : `file:${file}`, close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Runs `body` with the video open, closing it afterwards whatever happens. */
export async function withVideoInput<R>(file: string, shown: string, body: (input: VideoInput) => Promise<R>): Promise<R> {
  const input = await openVideoInput(file, shown);
  try {
    return await body(input);
  } finally {
    await input.close();
  }
}

/**
 * Reading a file without trusting it: the file is opened without blocking (a FIFO does not hang
 * the open), checked with fstat to be a regular file no larger than the caller's limit, and read
 * with that cap (a file that grows while read is refused too). Devices, FIFOs, sockets and
 * directories are refused before a byte is read, so `/dev/zero` or a named pipe cannot hang vnet
 * or fill its memory. Errors are errno errors or a FileRefusal; fileReason() words both.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { FileRefusal, fileKind } from './reason.js';

const FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

export function readBoundedSync(file: string, limit: number): Uint8Array {
  const fd = openSync(file, FLAGS);
  try {
    const size = admitRegular(fstatSync(fd), limit);
    const out = new Uint8Array(size + 1);
    let got = 0;
    while (got < out.length) {
      const n = readSync(fd, out, got, out.length - got, null);
      if (n === 0) break;
      got += n;
    }
    return finish(out, got, limit);
  } finally {
    closeSync(fd);
  }
}

export async function readBounded(file: string, limit: number): Promise<Uint8Array> {
  const handle = await open(file, FLAGS);
  try {
    const size = admitRegular(await handle.stat(), limit);
    const out = new Uint8Array(size + 1);
    let got = 0;
    while (got < out.length) {
      const { bytesRead } = await handle.read(out, got, out.length - got, null);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return finish(out, got, limit);
  } finally {
    await handle.close();
  }
}

/** The size to read, or a refusal for a file that is not regular or is over the limit. */
export function admitRegular(stats: Stats, limit: number): number {
  if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (!stats.isFile()) throw new FileRefusal('EVNET_NOTREG', `is ${fileKind(stats)}, not a regular file`);
  if (stats.size > limit) throw tooLarge(stats.size, limit);
  return stats.size;
}

/** One byte more than fstat said is read, so a file that grew past the limit is caught. */
function finish(out: Uint8Array, got: number, limit: number): Uint8Array {
  if (got > limit) throw tooLarge(got, limit);
  return got === out.length - 1 ? out.subarray(0, got) : out.slice(0, got);
}

export function tooLarge(size: number, limit: number): FileRefusal {
  return new FileRefusal('EVNET_TOOBIG', `is ${formatBytes(size)}, over the limit of ${formatBytes(limit)}`, { bytes: size, limit });
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3 && n % 1024 ** 3 === 0) return `${n / 1024 ** 3} GiB`;
  if (n >= 1024 ** 2 && n % 1024 ** 2 === 0) return `${n / 1024 ** 2} MiB`;
  return `${n} bytes`;
}

/**
 * Which wanted frames of an H.264 stream in MP4/MOV are reference pictures, read from the NAL
 * headers of their own packets in the file (a few kilobytes per frame, no decoding). A frame that
 * is one can be decoded with the decoder skipping every non-reference picture on the way to it
 * (`-skip_frame noref`): a picture no other picture refers to changes no other picture's pixels, so
 * the reference pictures decode to the same bytes, at roughly half the work for x264's B-frames.
 * Only MP4/MOV give the packet's data at its `pos` (Matroska and MPEG-TS wrap it); only H.264
 * marks references per NAL unit (`nal_ref_idc`); anything else, or a packet that does not parse,
 * counts as not a reference, which only means the frame is decoded without skipping.
 */
import { read } from 'node:fs';
import { promisify } from 'node:util';
import type { VideoInput } from './input.js';
import type { VideoInfo } from './probe.js';

const readAt = promisify(read);

/** Largest packet read to look at its NAL headers. */
const MAX_PACKET = 8 * 1024 * 1024;

/** The wanted frames that are reference pictures (an empty set where this cannot be known). */
export async function referenceFrames(input: VideoInput, info: VideoInfo, wanted: readonly number[]): Promise<ReadonlySet<number>> {
  const found = new Set<number>();
  if (info.codec !== 'h264' || !info.container.startsWith('mov') || info.index.kind !== 'pts') return found;
  const table = info.index.table;
  await Promise.all(
    wanted.map(async (n) => {
      const pos = table.pos[n]!;
      const size = table.size[n]!;
      if (!(pos >= 0) || !(size > 0) || size > MAX_PACKET || pos + size > input.size) return;
      const data = Buffer.alloc(size);
      const { bytesRead } = await readAt(input.fd, data, 0, size, pos);
      if (bytesRead === size && isH264Reference(data)) found.add(n);
    }),
  );
  return found;
}

/**
 * True when an MP4 H.264 sample (NAL units each after a big-endian length of 4, 2 or 1 bytes) holds
 * slices and every slice has a non-zero `nal_ref_idc`. The length size is the one that splits the
 * sample exactly; a sample two sizes both split, or none, is not trusted.
 */
export function isH264Reference(sample: Uint8Array): boolean {
  const fits = [4, 2, 1].map((bytes) => nalHeaders(sample, bytes)).filter((h): h is number[] => h !== undefined);
  if (fits.length !== 1) return false;
  const slices = fits[0]!.filter((h) => (h & 0x1f) >= 1 && (h & 0x1f) <= 5);
  // Types 2-4 are data partitions: leave them to the plain decode.
  return slices.length > 0 && slices.every((h) => (h & 0x1f) === 1 || (h & 0x1f) === 5) && slices.every((h) => (h & 0x60) !== 0);
}

/** The first byte of each NAL unit, or undefined when the lengths do not tile the sample. */
function nalHeaders(sample: Uint8Array, lengthBytes: number): number[] | undefined {
  const headers: number[] = [];
  let at = 0;
  while (at < sample.length) {
    if (at + lengthBytes >= sample.length) return undefined;
    let length = 0;
    for (let i = 0; i < lengthBytes; i++) length = length * 256 + sample[at + i]!;
    at += lengthBytes;
    const header = sample[at]!;
    if (length === 0 || at + length > sample.length || (header & 0x80) !== 0) return undefined;
    headers.push(header);
    at += length;
  }
  return headers;
}

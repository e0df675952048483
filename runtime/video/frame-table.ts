/**
 * Frame numbers from packet timestamps, without decoding. A video's frame n is the n-th frame its
 * decoder returns (PyAV and decord count so): one per packet, in presentation order, except the
 * packets the demuxer marks to be dropped (before or after an MP4 edit list, flag `D`). So the
 * frames are the kept packets sorted by pts, and each is fetched by seeking to a key frame that
 * decodes it: the last one before it in decode order whose own pts is not later (a leading frame of
 * an open GOP needs the key frame before). Pure: no I/O.
 */
import type { Result } from '../../base/result.js';

export interface Packets {
  /** In decode order; NaN where the container gave no time stamp. */
  readonly pts: Float64Array;
  readonly dts: Float64Array;
  readonly key: Uint8Array;
  readonly discard: Uint8Array;
  /** Byte offset of the packet's data in the file (the demuxer's `pos`); NaN where unknown. */
  readonly pos: Float64Array;
  /** The packet's size in bytes. */
  readonly size: Float64Array;
  readonly count: number;
}

export interface FrameTable {
  /** Per frame (0-based, presentation order): its pts in the stream's time base. */
  readonly pts: Float64Array;
  /** Per frame: its key frame's pts (MP4 seeks by presentation time). */
  readonly keyPts: Float64Array;
  /** Per frame: its key frame's earliest time stamp, min(dts, pts) (a seek by decode time lands at or before it). */
  readonly keyTs: Float64Array;
  /** Per frame: its key frame's position in decode order (frames sharing one decode together). */
  readonly keyPacket: Int32Array;
  /** Per frame: its packet's position and size in the file (the MP4 sample), NaN where unknown. */
  readonly pos: Float64Array;
  readonly size: Float64Array;
  /** The earliest time stamp of any packet (a seek at or before it is no seek). */
  readonly firstTs: number;
}

export type TableResult = Result<FrameTable>;

export function buildFrameTable(p: Packets): TableResult {
  if (p.count === 0) return { ok: true, value: emptyTable(0) };
  if (!p.key[0]) return { ok: false, error: 'the stream does not start with a key frame' };
  const keys: number[] = [];
  const kept: number[] = [];
  const keyOf = new Int32Array(p.count);
  let firstTs = Infinity;
  for (let i = 0; i < p.count; i++) {
    const pts = p.pts[i]!;
    const dts = p.dts[i]!;
    firstTs = Math.min(firstTs, Number.isNaN(dts) ? pts : Math.min(pts, dts));
    if (p.key[i]) keys.push(i);
    if (p.discard[i]) continue;
    if (Number.isNaN(pts)) return { ok: false, error: `packet ${i} has no presentation time stamp` };
    let k = keys.length - 1;
    while (k > 0 && p.pts[keys[k]!]! > pts) k--;
    keyOf[i] = keys[k]!;
    kept.push(i);
  }
  kept.sort((a, b) => p.pts[a]! - p.pts[b]!);
  const n = kept.length;
  const table = emptyTable(n, firstTs);
  for (let f = 0; f < n; f++) {
    const i = kept[f]!;
    table.pts[f] = p.pts[i]!;
    table.pos[f] = p.pos[i]!;
    table.size[f] = p.size[i]!;
    if (f > 0 && table.pts[f] === table.pts[f - 1]) return { ok: false, error: `two frames have the time stamp ${table.pts[f]}` };
    const k = keyOf[i]!;
    const kd = p.dts[k]!;
    table.keyPts[f] = p.pts[k]!;
    table.keyTs[f] = Number.isNaN(kd) ? p.pts[k]! : Math.min(kd, p.pts[k]!);
    table.keyPacket[f] = k;
  }
  return { ok: true, value: table };
}

function emptyTable(n: number, firstTs = 0): FrameTable {
  return {
    pts: new Float64Array(n),
    keyPts: new Float64Array(n),
    keyTs: new Float64Array(n),
    keyPacket: new Int32Array(n),
    pos: new Float64Array(n),
    size: new Float64Array(n),
    firstTs,
  };
}

/** Parses ffprobe's `compact` packet lines (`pts=..|dts=..|size=..|pos=..|flags=K_`) into Packets. */
export class PacketReader {
  private columns = {
    pts: new Float64Array(1024),
    dts: new Float64Array(1024),
    pos: new Float64Array(1024),
    size: new Float64Array(1024),
    key: new Uint8Array(1024),
    discard: new Uint8Array(1024),
  };
  private count = 0;
  private rest = '';

  push(text: string): void {
    const lines = (this.rest + text).split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  finish(): Packets {
    if (this.rest !== '') this.line(this.rest);
    this.rest = '';
    const n = this.count;
    const c = this.columns;
    return {
      pts: c.pts.subarray(0, n),
      dts: c.dts.subarray(0, n),
      key: c.key.subarray(0, n),
      discard: c.discard.subarray(0, n),
      pos: c.pos.subarray(0, n),
      size: c.size.subarray(0, n),
      count: n,
    };
  }

  private line(line: string): void {
    if (!line.startsWith('pts=') && !line.includes('flags=')) return;
    if (this.count === this.columns.pts.length) this.grow();
    const i = this.count++;
    const c = this.columns;
    c.pts[i] = c.dts[i] = c.pos[i] = c.size[i] = NaN;
    c.key[i] = c.discard[i] = 0;
    for (const field of line.trim().split('|')) {
      const eq = field.indexOf('=');
      const name = field.slice(0, eq);
      const value = field.slice(eq + 1);
      if (name === 'flags') {
        c.key[i] = value.includes('K') ? 1 : 0;
        c.discard[i] = value.includes('D') ? 1 : 0;
      } else if (name === 'pts' || name === 'dts' || name === 'pos' || name === 'size') c[name][i] = whole(value);
    }
  }

  private grow(): void {
    const c = this.columns;
    const size = c.pts.length * 2;
    this.columns = {
      pts: copy(new Float64Array(size), c.pts),
      dts: copy(new Float64Array(size), c.dts),
      pos: copy(new Float64Array(size), c.pos),
      size: copy(new Float64Array(size), c.size),
      key: copy(new Uint8Array(size), c.key),
      discard: copy(new Uint8Array(size), c.discard),
    };
  }
}

function copy<T extends Float64Array | Uint8Array>(to: T, from: T): T {
  to.set(from);
  return to;
}

/** A whole number field; NaN for `N/A`, empty or anything else. */
function whole(text: string): number {
  if (text === 'N/A' || text === '') return NaN;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : NaN;
}

/**
 * Frame numbers from packet timestamps, without decoding. A video's frame n is the n-th frame its
 * decoder returns (PyAV and decord count so): one per packet, in presentation order, except the
 * packets the demuxer marks to be dropped (before or after an MP4 edit list, flag `D`). So the
 * frames are the kept packets sorted by pts, and each is fetched by seeking to a key frame that
 * decodes it: the last one before it in decode order whose own pts is not later (a leading frame of
 * an open GOP needs the key frame before). Pure: no I/O.
 */

export interface Packets {
  /** In decode order; NaN where the container gave no time stamp. */
  readonly pts: Float64Array;
  readonly dts: Float64Array;
  readonly key: Uint8Array;
  readonly discard: Uint8Array;
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
  /** The earliest time stamp of any packet (a seek at or before it is no seek). */
  readonly firstTs: number;
}

export type TableResult = { readonly ok: true; readonly table: FrameTable } | { readonly ok: false; readonly reason: string };

export function buildFrameTable(p: Packets): TableResult {
  if (p.count === 0) return { ok: true, table: { pts: new Float64Array(0), keyPts: new Float64Array(0), keyTs: new Float64Array(0), keyPacket: new Int32Array(0), firstTs: 0 } };
  if (!p.key[0]) return { ok: false, reason: 'the stream does not start with a key frame' };
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
    if (Number.isNaN(pts)) return { ok: false, reason: `packet ${i} has no presentation time stamp` };
    let k = keys.length - 1;
    while (k > 0 && p.pts[keys[k]!]! > pts) k--;
    keyOf[i] = keys[k]!;
    kept.push(i);
  }
  kept.sort((a, b) => p.pts[a]! - p.pts[b]!);
  const n = kept.length;
  const table = { pts: new Float64Array(n), keyPts: new Float64Array(n), keyTs: new Float64Array(n), keyPacket: new Int32Array(n), firstTs };
  for (let f = 0; f < n; f++) {
    const i = kept[f]!;
    table.pts[f] = p.pts[i]!;
    if (f > 0 && table.pts[f] === table.pts[f - 1]) return { ok: false, reason: `two frames have the time stamp ${table.pts[f]}` };
    const k = keyOf[i]!;
    const kd = p.dts[k]!;
    table.keyPts[f] = p.pts[k]!;
    table.keyTs[f] = Number.isNaN(kd) ? p.pts[k]! : Math.min(kd, p.pts[k]!);
    table.keyPacket[f] = k;
  }
  return { ok: true, table };
}

/** Parses ffprobe's `compact` packet lines (`pts=..|dts=..|flags=K_`) into Packets. */
export class PacketReader {
  private pts = new Float64Array(1024);
  private dts = new Float64Array(1024);
  private key = new Uint8Array(1024);
  private discard = new Uint8Array(1024);
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
    return { pts: this.pts.subarray(0, n), dts: this.dts.subarray(0, n), key: this.key.subarray(0, n), discard: this.discard.subarray(0, n), count: n };
  }

  private line(line: string): void {
    if (!line.startsWith('pts=') && !line.includes('flags=')) return;
    const fields = new Map(line.trim().split('|').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const));
    if (this.count === this.pts.length) this.grow();
    const i = this.count++;
    this.pts[i] = timestamp(fields.get('pts'));
    this.dts[i] = timestamp(fields.get('dts'));
    const flags = fields.get('flags') ?? '';
    this.key[i] = flags.includes('K') ? 1 : 0;
    this.discard[i] = flags.includes('D') ? 1 : 0;
  }

  private grow(): void {
    const size = this.pts.length * 2;
    this.pts = copy(new Float64Array(size), this.pts);
    this.dts = copy(new Float64Array(size), this.dts);
    this.key = copy(new Uint8Array(size), this.key);
    this.discard = copy(new Uint8Array(size), this.discard);
  }
}

function copy<T extends Float64Array | Uint8Array>(to: T, from: T): T {
  to.set(from);
  return to;
}

function timestamp(text: string | undefined): number {
  if (text === undefined || text === 'N/A' || text === '') return NaN;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : NaN;
}

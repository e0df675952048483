import { describe, expect, it } from 'vitest';
import { PacketReader, buildFrameTable } from '../../../runtime/video/frame-table.js';

/** Packets in decode order, as ffprobe's compact lines. */
function table(lines: readonly string[]) {
  const reader = new PacketReader();
  reader.push(lines.map((l) => `${l}\n`).join(''));
  return buildFrameTable(reader.finish());
}

describe('frame numbers from packet time stamps', () => {
  it('kept packets in pts order; packets an edit list drops (D) are not frames', () => {
    const result = table(['pts=-2|dts=-3|flags=KD', 'pts=0|dts=-2|flags=__', 'pts=-1|dts=-1|flags=_D', 'pts=2|dts=0|flags=__', 'pts=1|dts=1|flags=__']);
    expect(result.ok && [...result.value.pts]).toEqual([0, 1, 2]);
    // every frame decodes from the key frame at decode position 0: its pts, and its earliest time stamp
    expect(result.ok && [[...result.value.keyPacket], [...result.value.keyPts], [...result.value.keyTs], result.value.firstTs]).toEqual([
      [0, 0, 0],
      [-2, -2, -2],
      [-3, -3, -3],
      -3,
    ]);
  });

  it("an open GOP's leading frames (after a key frame in decode order, before it in time) decode from the key frame before", () => {
    const result = table([
      'pts=0|dts=0|flags=K_',
      'pts=1|dts=1|flags=__',
      'pts=4|dts=2|flags=K_',
      'pts=2|dts=3|flags=__',
      'pts=3|dts=4|flags=__',
      'pts=5|dts=5|flags=__',
    ]);
    expect(result.ok && [...result.value.keyPacket]).toEqual([0, 0, 0, 0, 2, 2]);
  });

  it('refuses what it cannot index (the caller then counts by decoding)', () => {
    expect(table(['pts=0|dts=0|flags=__', 'pts=1|dts=1|flags=K_'])).toEqual({ ok: false, error: 'the stream does not start with a key frame' });
    expect(table(['pts=0|dts=0|flags=K_', 'pts=N/A|dts=1|flags=__'])).toEqual({ ok: false, error: 'packet 1 has no presentation time stamp' });
    expect(table(['pts=0|dts=0|flags=K_', 'pts=0|dts=1|flags=__'])).toEqual({ ok: false, error: 'two frames have the time stamp 0' });
  });

  it('reads lines split anywhere between chunks, and grows past its first buffer', () => {
    const reader = new PacketReader();
    const text = Array.from({ length: 3000 }, (_, i) => `pts=${i}|dts=${i}|flags=${i % 100 === 0 ? 'K' : '_'}_\n`).join('');
    for (let at = 0; at < text.length; at += 997) reader.push(text.slice(at, at + 997));
    const result = buildFrameTable(reader.finish());
    expect(result.ok && [result.value.pts.length, result.value.keyPacket[2999], result.value.pts[2999]]).toEqual([3000, 2900, 2999]);
  });
});

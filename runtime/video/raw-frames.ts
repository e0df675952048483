/**
 * ffmpeg's raw RGB24 output cut into whole frames, read as the consumer asks (the pipe's
 * back-pressure pauses ffmpeg meanwhile). Each frame is a fresh buffer the consumer may keep.
 */
export async function* rawFrames(pipe: AsyncIterable<Buffer>, frameBytes: number): AsyncGenerator<Uint8Array> {
  let frame = new Uint8Array(frameBytes);
  let filled = 0;
  for await (const chunk of pipe) {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(frameBytes - filled, chunk.length - offset);
      frame.set(chunk.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === frameBytes) {
        yield frame;
        frame = new Uint8Array(frameBytes);
        filled = 0;
      }
    }
  }
}

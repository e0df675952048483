/** Online test helpers: .vnet text in a temporary file (compileFile reads files); a clip streamed alone. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { openStream } from '../../runtime/stream.js';

const dirs: string[] = [];

export function writeVnet(text: string, name = 'net.vnet'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vnet-online-'));
  dirs.push(dir);
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

export function removeTempFiles(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** The offline per-frame variant of a network that ends with `consensus`: `unframes` instead, [N, T, K]. */
export function perFrameVariant(text: string, classes: string): string {
  const out = text.replace(/\|> consensus\s*\n\}/, '|> unframes\n}');
  const sig = out.replace(`-> f32[N, ${classes}] {`, `-> f32[N, T, ${classes}] {`);
  if (sig === text || !sig.includes('|> unframes')) throw new Error('the network does not end with consensus');
  return sig;
}

/** Two residual blocks with a past-only shift each, a strided conv between them (8 then 16 channels). */
export const TWO_BLOCKS = `const T = 3

block res(x: f32[B, C, H, W]) -> f32[B, C, H, W] {
  let y = x |> shift(fold=1/4, dir=past) |> conv2d(C, k=3, pad=1) as conv |> batchnorm as bn
  return relu(x + y)
}

network net(clip: f32[N, T, 3, 8, 8]) -> f32[N, 5] {
  return clip
    |> frames
    |> conv2d(8, k=3, pad=1) as stem
    |> relu
    |> res as layer[0]
    |> conv2d(16, k=3, stride=2, pad=1) as down
    |> relu
    |> res as layer[1]
    |> global_avgpool
    |> linear(5) as fc
    |> consensus
}
`;

/** The smallest streamable network: one past-only shift before a 1x1 conv, 3x8x8 frames, 5 classes. */
export const ONE_SHIFT_ONLINE = `const T = 3

network net(clip: f32[N, T, 3, 8, 8]) -> f32[N, 5] {
  return clip
    |> frames
    |> conv2d(16, k=3, pad=1) as stem
    |> relu
    |> shift(fold=1/4, dir=past)
    |> conv2d(16, k=1) as conv
    |> global_avgpool
    |> linear(5) as fc
    |> consensus
}
`;

/** Streams `frames` frames of `frameSize` values each through a one-stream runtime; each frame's logits. */
export async function streamAlone(bytes: Uint8Array, clip: Float32Array, frames: number, frameSize: number): Promise<Float32Array[]> {
  const s = await openStream(bytes, { providers: ['cpu'], threads: 1 });
  try {
    const out: Float32Array[] = [];
    for (let f = 0; f < frames; f++) out.push((await s.push(clip.slice(f * frameSize, (f + 1) * frameSize))).logits);
    return out;
  } finally {
    await s.release();
  }
}

/**
 * One frame's preprocessing, node's and the page's: the same RGB frame through node's path (`run --video`,
 * `run --stream --video`: runtime/video/clip.ts on ffmpeg's RGB) and the page's (RGBA read from a canvas,
 * portable/frame.ts) gives equal tensors, bit for bit; the resize and crop give the bytes of Pillow's
 * resize and torchvision's CenterCrop (refs/frame_preprocess.py), padding included, when python3-torchvision is installed.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { preprocessFrame, type FramePreprocessing } from '../../portable/frame.js';
import { centreCropBox, shorterSideSize } from '../../portable/pixels.js';
import { resizeAndCrop } from '../../portable/resize-crop.js';
import type { Preprocess } from '../../contract/preprocess.js';
import { ClipTensor, cropFrame } from '../../runtime/video/clip.js';
import { declaredPreprocess } from './helpers.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const reference = spawnSync('/usr/bin/python3', ['-c', 'import torchvision, PIL'], { encoding: 'utf8' }).status === 0;
if (!reference)
  console.warn('skipping the Pillow + torchvision reference: /usr/bin/python3 lacks torchvision or PIL (apt-get install python3-torchvision python3-pil)');

/** A frame with detail at every scale: a seeded pattern of gradients and noise. */
function rgbFrame(width: number, height: number, seed: number): Uint8Array {
  let state = seed;
  const noise = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return Uint8Array.from({ length: width * height * 3 }, (_, i) => {
    const p = Math.floor(i / 3);
    const x = p % width;
    const y = Math.floor(p / width);
    return Math.min(255, Math.floor(((x * 7 + y * 3 + (i % 3) * 50) % 256) * 0.7 + noise() * 77));
  });
}

/** The page's input: the same pixels as a canvas gives them (RGBA, opaque). */
function rgba(rgb: Uint8Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray((rgb.length / 3) * 4);
  for (let p = 0; p < rgb.length / 3; p++) {
    out.set(rgb.subarray(p * 3, p * 3 + 3), p * 4);
    out[p * 4 + 3] = 255;
  }
  return out;
}

const DECLARED = declaredPreprocess({ frames: 1, resize: 40, crop: 32, std: [57.375, 57.12, 58.395] });

/** Node's tensor for one frame: the decoded frame cropped and written into a one-frame clip. */
function nodeTensor(rgb: Uint8Array, width: number, height: number, p: Preprocess): Float32Array {
  const clip = new ClipTensor(p);
  clip.set(0, cropFrame({ width, height, data: rgb }, p));
  return clip.data;
}

function pageTensor(rgb: Uint8Array, width: number, height: number, p: Preprocess): Float32Array {
  const frame: FramePreprocessing = { height: p.crop, width: p.crop, resizeShorter: p.resize, order: p.order, scale: p.scale, mean: p.mean, std: p.std };
  return preprocessFrame({ width, height, channels: 4, data: rgba(rgb) }, frame);
}

describe("one frame's preprocessing: node and the page", () => {
  const cases: [string, number, number, Preprocess][] = [
    ['an odd-sized frame, BGR, mean/std in pixels', 97, 61, DECLARED],
    [
      'a camera frame to the TSM demo (256, 224), RGB /255, ImageNet mean/std',
      640,
      480,
      { ...DECLARED, resize: 256, crop: 224, order: 'rgb', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
    ],
    ['a portrait frame whose width is already the resize (one pass only)', 40, 71, DECLARED],
    ['an enlarged frame (upsampling)', 23, 19, DECLARED],
  ];
  for (const [name, width, height, p] of cases) {
    it(`${name}: equal tensors`, () => {
      const rgb = rgbFrame(width, height, width * height);
      const node = nodeTensor(rgb, width, height, p);
      const page = pageTensor(rgb, width, height, p);
      expect(page.length).toBe(3 * p.crop * p.crop);
      expect(page).toEqual(node);
    });
  }

  it('the comparison sees a difference: a crop one pixel off is not equal', () => {
    const rgb = rgbFrame(97, 61, 1);
    const page = pageTensor(rgb, 97, 61, DECLARED);
    const shifted = rgbFrame(97, 61, 1).map((_, i, all) => all[i + 3] ?? 0);
    expect(nodeTensor(shifted, 97, 61, DECLARED)).not.toEqual(page);
  });
});

describe.skipIf(!reference)("the resize and crop against Pillow and torchvision's CenterCrop", () => {
  const cases: [number, number, number, number, number][] = [
    [97, 61, 40, 32, 32],
    [640, 480, 256, 224, 224],
    [41, 30, 25, 20, 24],
    // Crops larger than the resized frame: torchvision pads with zeros (odd and even padding).
    [48, 36, 16, 16, 40],
    [36, 48, 17, 41, 10],
  ];
  const frames = cases.map(([width, height]) => rgbFrame(width, height, 7 + width));

  /** refs/frame_preprocess.py's cropped RGB bytes for every case, from one run. */
  function torchvision(): Uint8Array[] {
    const input = Buffer.concat(cases.flatMap(([w, h, size, ch, cw], i) => [Buffer.from(`${w} ${h} ${size} ${ch} ${cw}\n`), frames[i] as Uint8Array]));
    const run = spawnSync('/usr/bin/python3', [path.join(ROOT, 'refs/frame_preprocess.py')], { input, maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(run.stderr.toString());
    let at = 0;
    return cases.map(([, , , ch, cw]) => new Uint8Array(run.stdout.subarray(at, (at += ch * cw * 3))));
  }

  it('gives the same bytes for every size, crop and padding', { timeout: 120_000 }, () => {
    const expected = torchvision();
    cases.forEach(([width, height, size, cropHeight, cropWidth], i) => {
      const resized = shorterSideSize(width, height, size);
      const ours = resizeAndCrop({ width, height, channels: 3, data: frames[i] as Uint8Array }, resized, centreCropBox(resized, cropWidth, cropHeight));
      expect(Buffer.from(ours).equals(Buffer.from(expected[i] as Uint8Array)), `${width}x${height} to ${size}, crop ${cropHeight}x${cropWidth}`).toBe(true);
    });
  });
});

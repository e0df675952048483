/**
 * The page of `vnetc web`: an online model streamed frame by frame through the streaming core on
 * onnxruntime-web. Camera by default; `?clip=URL.npy` streams a float32 [T, C, H, W] clip instead
 * (test mode: `window.vnetFrames` gets each frame's logits, `window.vnetDone` resolves at the end).
 * `?ep=webgpu` tries WebGPU, falling back to wasm with a note; `?threads=N` sets the wasm threads
 * (default: up to 4, when the page is cross-origin isolated). Only the onnxruntime-web build that runs
 * is fetched (./web-session.ts); frames are preprocessed as node does (portable/frame.ts).
 */
import type { ModelContract } from '../../contract/model-contract.js';
import { readContract } from '../../contract/model-contract.js';
import { readModelMetadata } from '../../contract/read-metadata.js';
import { readNpyFloat32 } from '../../portable/npy.js';
import { preprocessingOf } from '../../portable/preprocessing.js';
import { topK } from '../../portable/top-k.js';
import { untrainedWarning } from '../../portable/untrained.js';
import { HistorySmoothing } from '../../streaming/history.js';
import { StreamCore } from '../../streaming/core.js';
import { ORT_DIR, SITE_CONFIG_FILE, type SiteConfig } from '../site-config.js';
import { framePixels } from './frame-pixels.js';
import { PageView } from './view.js';
import { type WebTensor, oneLine, openWebSession } from './web-session.js';

declare global {
  interface Window {
    /** Test mode: one array of logits per frame, in order. */
    vnetFrames?: number[][];
    /** Per-frame latency (ms) of every push, camera or clip. */
    vnetLatencies: number[];
    /** Resolves when a clip has been streamed (rejects with the reason if the page failed). */
    vnetDone: Promise<void>;
    /** Which execution provider runs the model, on which onnxruntime-web build, with how many threads. */
    vnetInfo?: { ep: string; build: 'wasm' | 'jsep'; threads: number; isolated: boolean };
  }
}

let finish: () => void = () => undefined;
let fail: (error: unknown) => void = () => undefined;
window.vnetDone = new Promise<void>((resolve, reject) => {
  finish = resolve;
  fail = reject;
});
window.vnetDone.catch(() => undefined);
window.vnetLatencies = [];

const view = new PageView(document);
const params = new URLSearchParams(location.search);

main().catch((error: unknown) => {
  view.status(`stopped: ${oneLine(error)}`);
  fail(error);
});

async function main(): Promise<void> {
  const config = (await (await fetchOk(SITE_CONFIG_FILE)).json()) as SiteConfig;
  view.status(`loading ${config.model}…`);
  const model = new Uint8Array(await (await fetchOk(config.model)).arrayBuffer());
  const metadata = readModelMetadata(model);
  const contract = readContract(metadata);
  if (!contract.ok) throw new Error(contract.error);
  const untrained = untrainedWarning(contract.value);
  if (untrained !== undefined) view.untrained(`${untrained[0]?.toUpperCase() ?? ''}${untrained.slice(1)}.`);
  const threads = Number(params.get('threads') ?? NaN);
  const opened = await openWebSession(
    model,
    params.get('ep') ?? 'wasm',
    new URL(`${ORT_DIR}/`, location.href).href,
    Number.isInteger(threads) && threads >= 1 ? threads : undefined,
  );
  for (const note of opened.notes) view.note(note);
  window.vnetInfo = { ep: opened.ep, build: opened.build, threads: opened.threads, isolated: self.crossOriginIsolated };
  const core = new StreamCore<WebTensor>(opened.session, metadata, opened.makeTensor, { window: config.window });
  view.byId('title').textContent = `${contract.value.network ?? 'online model'} · ${opened.ep}`;
  // Labels given to `vnetc web --labels` first, else the model's own (`vnetc compile --labels`).
  const labels = config.labels.length > 0 ? config.labels : (contract.value.labels ?? []);
  const clip = params.get('clip');
  const history = new HistorySmoothing();
  const useHistory = () => (view.byId('history') as HTMLInputElement).checked;
  let frame = 0;
  const step = async (input: Float32Array): Promise<Float32Array> => {
    const start = performance.now();
    const rows = await core.push(input);
    const ms = performance.now() - start;
    const row = rows[0];
    if (!row) throw new Error('the stream returned no row');
    window.vnetLatencies.push(ms);
    view.latency(ms, frame++);
    const top = topK(row.smoothed, 1)[0]?.index ?? 0;
    view.labels(row.smoothed, labels, useHistory() ? history.push(top) : undefined);
    return row.logits;
  };
  view.byId('reset').addEventListener('click', () => {
    core.reset();
    history.clear();
    view.clearLatency();
    frame = 0;
  });
  if (clip !== null) await streamClip(clip, core.rowSize, step);
  else await streamCamera(core.frameShape, contract.value, step);
}

async function streamClip(url: string, rowSize: number, step: (input: Float32Array) => Promise<Float32Array>): Promise<void> {
  const read = readNpyFloat32(new Uint8Array(await (await fetchOk(url)).arrayBuffer()));
  if (!read.ok) throw new Error(`the clip ${url} cannot be read: ${read.error}`);
  const { dims, data } = read.value;
  const frames = dims[0] ?? 0;
  if (dims.length < 2 || data.length !== frames * rowSize) {
    throw new Error(`the clip has shape [${dims.join(', ')}]; the model takes frames of ${rowSize} values ([T, C, H, W])`);
  }
  view.status(`streaming ${frames} frames of ${url}`);
  const out: number[][] = [];
  for (let f = 0; f < frames; f++) out.push(Array.from(await step(data.slice(f * rowSize, (f + 1) * rowSize))));
  window.vnetFrames = out;
  view.status(`streamed ${frames} frames of ${url}`);
  finish();
}

async function streamCamera(frameShape: readonly number[], contract: ModelContract, step: (input: Float32Array) => Promise<Float32Array>): Promise<void> {
  const [, , height = 0, width = 0] = frameShape;
  const pre = preprocessingOf(contract, height, width);
  view.note(`Preprocessing: ${pre.source}.`);
  const video = view.byId('video') as HTMLVideoElement;
  try {
    video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
  } catch (error) {
    view.note(`The camera was refused or is missing (${oneLine(error)}). Allow it and reload, or open ?clip=URL.npy to stream a clip.`);
    view.status('no camera');
    finish();
    return;
  }
  await video.play();
  view.status('streaming the camera');
  const canvas = view.byId('frame') as HTMLCanvasElement;
  const input = new Float32Array(3 * height * width);
  for (;;) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    if (video.videoWidth === 0) continue;
    await step(framePixels(video, canvas, pre, input));
  }
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return response;
}

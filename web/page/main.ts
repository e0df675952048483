/**
 * The page of `vnetc web`: an online model streamed frame by frame through the streaming core on
 * onnxruntime-web. Camera by default; `?clip=URL.npy` streams a float32 [T, C, H, W] clip instead
 * (test mode: `window.vnetFrames` gets each frame's logits, `window.vnetDone` resolves at the end).
 * `?ep=webgpu` tries WebGPU, falling back to wasm with a note; `?threads=N` sets the wasm threads
 * (default: up to 4, when the page is cross-origin isolated).
 */
import { readContract } from '../../contract/model-contract.js';
import { readModelMetadata } from '../../contract/read-metadata.js';
import { HistorySmoothing } from '../../streaming/history.js';
import { StreamCore } from '../../streaming/core.js';
import { topK } from '../../streaming/top-k.js';
import { ORT_DIR, SITE_CONFIG_FILE, type SiteConfig } from '../site-config.js';
import { framePixels } from './frame-pixels.js';
import { parseNpyFloat32 } from './npy.js';
import { preprocessingOf } from './preprocessing.js';
import { PageView } from './view.js';
import { type WebTensor, coreSession, makeWebTensor, oneLine, openWebSession } from './web-session.js';

declare global {
  interface Window {
    /** Test mode: one array of logits per frame, in order. */
    vnetFrames?: number[][];
    /** Per-frame latency (ms) of every push, camera or clip. */
    vnetLatencies: number[];
    /** Resolves when a clip has been streamed (rejects with the reason if the page failed). */
    vnetDone: Promise<void>;
    /** Which execution provider runs the model, and with how many threads. */
    vnetInfo?: { ep: string; threads: number; isolated: boolean };
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
  const threads = Number(params.get('threads') ?? NaN);
  const opened = await openWebSession(model, params.get('ep') ?? 'wasm', new URL(`${ORT_DIR}/`, location.href).href, Number.isInteger(threads) && threads >= 1 ? threads : undefined);
  for (const note of opened.notes) view.note(note);
  window.vnetInfo = { ep: opened.ep, threads: opened.threads, isolated: self.crossOriginIsolated };
  const core = new StreamCore<WebTensor>(coreSession(opened.session), metadata, makeWebTensor, { window: config.window });
  view.byId('title').textContent = `${contract.value.network ?? 'online model'} · ${opened.ep}`;
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
    const top = topK(row.smoothed, 1)[0]?.[0] ?? 0;
    view.labels(row.smoothed, config.labels, useHistory() ? history.push(top) : undefined);
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
  const { dims, data } = parseNpyFloat32(await (await fetchOk(url)).arrayBuffer());
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

async function streamCamera(
  frameShape: readonly number[],
  contract: Parameters<typeof preprocessingOf>[0],
  step: (input: Float32Array) => Promise<Float32Array>,
): Promise<void> {
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

/**
 * The page of `vnetc web` in Debian's headless Chromium (puppeteer-core, no download): a clip streamed
 * in the page through onnxruntime-web (wasm) gives, frame by frame, the logits of onnxruntime-node's
 * stream within 1e-4 * max(1, max |node|); what the page shows is on screen (the DOM, and the pixels of
 * a screenshot); it fetches only the wasm build it runs (counted at the server: the plain one by default,
 * the JSEP one for ?ep=webgpu on a browser with an adapter) and a reload moves nothing again (304s); the
 * camera path runs on Chromium's synthetic camera; a refused camera, and an untrained model, leave a
 * visible note. Skipped, saying so, only when Chromium is not installed.
 */
import * as path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weightsMetadata } from '../../contract/weights.js';
import { untrainedWarning } from '../../portable/untrained.js';
import { writeSite } from '../../web/site/write-site.js';
import { TOLERANCE, scaledMaxDiff } from '../passes/helpers.js';
import { type OpenSite, type Served, inkPixels, openSite } from './browser.js';
import { SMALL_ONLINE, chromium, movingClip, nodeStream, onlineModel, removeTempDirs, tempDir, writeNpy } from './helpers.js';

const browser = chromium();
if (browser.skip) console.warn(browser.skip);
const FRAMES = 6;
const LABELS = ['walking', 'waving', 'clapping', 'jumping', 'sitting', 'running'];
const PLAIN_WASM = '/ort/ort-wasm-simd-threaded.wasm';
const JSEP_WASM = '/ort/ort-wasm-simd-threaded.jsep.wasm';
/** Each test's browser work is bounded: a stuck page fails here, not at vitest's limit. */
const PAGE_MS = 60_000;

/** Whether an element is rendered where it can be seen: a box in the viewport, not hidden by CSS. */
function onScreen(page: Page, selector: string): Promise<boolean> {
  return page.$eval(selector, (e) => {
    const box = e.getBoundingClientRect();
    return e.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight;
  });
}

function bytesOf(served: readonly Served[]): number {
  return served.reduce((n, s) => n + s.bytes, 0);
}

async function streamed(page: Page): Promise<void> {
  await page.waitForFunction(() => window.vnetFrames !== undefined || document.getElementById('status')?.textContent?.startsWith('stopped'), {
    timeout: PAGE_MS,
  });
  await page.evaluate(() => window.vnetDone);
}

describe.skipIf(browser.path === undefined)('the page in headless Chromium', () => {
  // Compiled with a checkpoint (its contract says trained): no untrained warning.
  const model = onlineModel(SMALL_ONLINE, 'portable', weightsMetadata('small.pth'));
  const clip = movingClip(FRAMES, 16);
  let dir = '';
  let open: OpenSite;

  beforeAll(async () => {
    dir = tempDir();
    const clipDir = tempDir();
    writeNpy(path.join(clipDir, 'clip.npy'), [FRAMES, 3, 16, 16], clip);
    await writeSite({ model, shown: 'small.onnx', outDir: dir, labels: LABELS, window: 4, clips: [path.join(clipDir, 'clip.npy')] });
    open = await openSite(dir, browser.path as string);
  }, 120_000);

  afterAll(async () => {
    await open?.close();
    removeTempDirs();
  });

  it('streams ?clip=clip.npy frame by frame: window.vnetFrames equals onnxruntime-node within 1e-4', async () => {
    const { page, errors } = await open.open('?clip=clip.npy');
    await streamed(page);
    const got = (await page.evaluate(() => window.vnetFrames)) as number[][];
    const expected = await nodeStream(model, clip, FRAMES);
    expect(got.length).toBe(FRAMES);
    got.forEach((logits, f) => expect(scaledMaxDiff(Float32Array.from(logits), expected[f] as Float32Array), `frame ${f}`).toBeLessThanOrEqual(TOLERANCE));
    // The caches carry: frames differ, and streaming each frame from empty caches would not match.
    expect(scaledMaxDiff(expected[4] as Float32Array, expected[5] as Float32Array)).toBeGreaterThan(1e-2);
    const info = await page.evaluate(() => window.vnetInfo);
    expect(info).toMatchObject({ ep: 'wasm', build: 'wasm', isolated: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('shows what it computed on screen: the labels, latency, plot and model (the DOM, and the pixels of a screenshot)', async () => {
    const { page } = await open.open('?clip=clip.npy');
    await streamed(page);
    const labels = await page.$$eval('#labels li', (items) => items.map((li) => li.textContent ?? ''));
    expect(labels.length).toBe(5);
    for (const text of labels) expect(text).toMatch(new RegExp(`^(${LABELS.join('|')}) {2}\\d+\\.\\d%$`));
    // The first label is the top class of the moving average of the last 4 frames, as node computes it.
    const expected = await nodeStream(model, clip, FRAMES);
    const mean = (expected[0] as Float32Array).map((_, k) => expected.slice(-4).reduce((s, row) => s + (row[k] as number), 0) / 4);
    const top = mean.indexOf(Math.max(...mean));
    expect(labels[0]?.startsWith(`${LABELS[top]}  `)).toBe(true);
    expect(await page.$eval('#latency', (e) => e.textContent)).toMatch(/^frame 5: \d+\.\d ms \(median \d+\.\d ms over the last 6\)$/);
    expect(await page.$eval('#title', (e) => e.textContent)).toBe('small_online · wasm');
    // On screen, not just in the DOM: each is rendered in the viewport, and the screenshot has its ink.
    for (const selector of ['#title', '#labels', '#latency', '#plot']) expect(await onScreen(page, selector), selector).toBe(true);
    expect(await onScreen(page, '#untrained'), 'a trained model has no warning').toBe(false);
    const text = {
      labels: await inkPixels(page, '#labels', 'dark'),
      latency: await inkPixels(page, '#latency', 'dark'),
      title: await inkPixels(page, '#title', 'dark'),
    };
    // Five lines of about 15 characters, one of about 50, a heading: hundreds of dark pixels each.
    expect(text.labels.ink, JSON.stringify(text)).toBeGreaterThan(300);
    expect(text.latency.ink, JSON.stringify(text)).toBeGreaterThan(200);
    expect(text.title.ink, JSON.stringify(text)).toBeGreaterThan(200);
    expect((await inkPixels(page, '#plot', 'green')).ink, 'the latency line').toBeGreaterThan(40);
    // The measures see what is there: an emptied list and a reset plot have no ink.
    await page.click('#reset');
    expect((await inkPixels(page, '#plot', 'green')).ink).toBe(0);
    await page.$eval('#labels', (e) => e.replaceChildren());
    expect((await inkPixels(page, '#labels', 'dark')).ink).toBe(0);
    await page.close();
  }, 120_000);

  it('fetches only the plain wasm build by default, and a reload moves no file again (every request a 304)', async () => {
    open.served.length = 0;
    // The browser's own profile (a disk cache, as a user's): an incognito cache in memory keeps no 14 MB file.
    const { page } = await open.open('?clip=clip.npy', { incognito: false });
    await streamed(page);
    const first = [...open.served];
    const urls = first.map((s) => s.url);
    expect(urls).toContain(PLAIN_WASM);
    expect(urls).toContain('/ort/ort-wasm-simd-threaded.mjs');
    expect(urls.filter((u) => u.includes('jsep'))).toEqual([]);
    // Each file once (a wasm thread's worker asks for the .mjs again: a 304), nothing refused.
    for (const url of new Set(urls)) expect(first.find((s) => s.url === url)?.status, url).toBe(200);
    expect(first.filter((s) => s.status !== 200 && s.status !== 304)).toEqual([]);
    // The plain build (13.96 MB) and the page, model and clip; the JSEP build alone would be 27.8 MB.
    expect(bytesOf(first)).toBeGreaterThan(13_900_000);
    expect(bytesOf(first)).toBeLessThan(15_000_000);
    open.served.length = 0;
    await page.reload();
    await streamed(page);
    const again = [...open.served];
    expect(again.map((s) => s.url)).toEqual(expect.arrayContaining(['/index.html?clip=clip.npy', '/model.onnx', PLAIN_WASM]));
    expect(again.filter((s) => s.status !== 304)).toEqual([]);
    expect(bytesOf(again)).toBe(0);
    await page.close();
  }, 120_000);

  it('streams the (synthetic) camera: frames are pushed and labels shown', async () => {
    const { page, errors } = await open.open('');
    await page.waitForFunction(() => window.vnetLatencies.length >= 3, { timeout: PAGE_MS });
    expect(await page.$eval('#status', (e) => e.textContent)).toBe('streaming the camera');
    expect(await page.$$eval('#labels li', (items) => items.length)).toBe(5);
    const notes = await page.$$eval('.note', (items) => items.map((n) => n.textContent ?? ''));
    expect(notes.some((n) => n.startsWith('The camera was refused'))).toBe(false);
    expect(notes).toContain('Preprocessing: the TSM demo defaults (the model declares none): resize, centre crop, /255, ImageNet mean/std.');
    await page.click('#reset');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('says so on the page when WebGPU is asked for but has no adapter, and runs on the plain wasm build', async () => {
    open.served.length = 0;
    const { page } = await open.open('?clip=clip.npy&ep=webgpu');
    await streamed(page);
    const info = await page.evaluate(() => window.vnetInfo);
    const notes = await page.$$eval('.note', (items) => items.map((n) => n.textContent ?? ''));
    expect(info).toMatchObject({ ep: 'wasm', build: 'wasm' });
    expect(notes).toContain('WebGPU is missing in this browser (no adapter); running on wasm instead.');
    expect(open.served.map((s) => s.url).filter((u) => u.includes('jsep'))).toEqual([]);
    await page.close();
  }, 120_000);
});

describe.skipIf(browser.path === undefined)('?ep=webgpu on a browser with a WebGPU adapter (Chromium on SwiftShader)', () => {
  it('fetches the JSEP build (wasm and WebGPU) and not the plain one', async () => {
    const dir = tempDir();
    const clipDir = tempDir();
    const clip = movingClip(FRAMES, 16);
    writeNpy(path.join(clipDir, 'clip.npy'), [FRAMES, 3, 16, 16], clip);
    const model = onlineModel(SMALL_ONLINE);
    await writeSite({ model, shown: 'small.onnx', outDir: dir, clips: [path.join(clipDir, 'clip.npy')] });
    const site = await openSite(dir, browser.path as string, { webgpu: true });
    try {
      const { page } = await site.open('?clip=clip.npy&ep=webgpu');
      await streamed(page);
      const info = await page.evaluate(() => window.vnetInfo);
      expect(info?.build).toBe('jsep');
      const urls = site.served.map((s) => s.url);
      expect(urls).toContain(JSEP_WASM);
      expect(urls).toContain('/ort/ort-wasm-simd-threaded.jsep.mjs');
      expect(urls).not.toContain(PLAIN_WASM);
      expect(bytesOf(site.served)).toBeGreaterThan(27_700_000);
      // On WebGPU (or on the JSEP build's wasm, when SwiftShader cannot run it), the logits are node's.
      const got = (await page.evaluate(() => window.vnetFrames)) as number[][];
      const expected = await nodeStream(model, clip, FRAMES);
      got.forEach((logits, f) =>
        expect(scaledMaxDiff(Float32Array.from(logits), expected[f] as Float32Array), `frame ${f} on ${info?.ep}`).toBeLessThanOrEqual(1e-3),
      );
    } finally {
      await site.close();
      removeTempDirs();
    }
  }, 120_000);
});

describe.skipIf(browser.path === undefined)('an untrained model, the camera refused', () => {
  let open: OpenSite;

  beforeAll(async () => {
    const dir = tempDir();
    const clipDir = tempDir();
    writeNpy(path.join(clipDir, 'clip.npy'), [FRAMES, 3, 16, 16], movingClip(FRAMES, 16));
    // Compiled without --weights: the contract says the weights are seeded.
    await writeSite({
      model: onlineModel(SMALL_ONLINE, 'portable', weightsMetadata(undefined)),
      shown: 'small.onnx',
      outDir: dir,
      labels: LABELS,
      clips: [path.join(clipDir, 'clip.npy')],
    });
    open = await openSite(dir, browser.path as string, { camera: 'refused' });
  }, 120_000);

  afterAll(async () => {
    await open?.close();
    removeTempDirs();
  });

  it('says plainly, above its labels, that they are meaningless', async () => {
    const { page } = await open.open('?clip=clip.npy');
    await streamed(page);
    expect(await page.$eval('#untrained', (e) => e.textContent)).toBe(
      'Untrained model: its weights are seeded initial values (seed 0), not a checkpoint, so its classes and labels are meaningless; compile it with --weights CHECKPOINT.',
    );
    expect(untrainedWarning({ weights: { trained: false, seed: 0 } })).toMatch(/^untrained model: /);
    expect(await onScreen(page, '#untrained')).toBe(true);
    expect((await inkPixels(page, '#untrained', 'dark')).ink).toBeGreaterThan(300);
    expect(await page.$eval('#labels', (e) => e.className)).toBe('untrained');
    await page.close();
  }, 120_000);

  it('leaves a visible note when the camera is refused, and stops', async () => {
    const { page } = await open.open('');
    await page.evaluate(() => window.vnetDone);
    const notes = await page.$$eval('.note', (items) => items.map((n) => n.textContent ?? ''));
    expect(notes.some((n) => n.startsWith('The camera was refused or is missing ('))).toBe(true);
    expect(await page.$eval('#status', (e) => e.textContent)).toBe('no camera');
    expect(await onScreen(page, '.note')).toBe(true);
    await page.close();
  }, 120_000);
});

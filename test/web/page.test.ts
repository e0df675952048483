/**
 * The page of `vnetc web` in Debian's headless Chromium (puppeteer-core, no download): a clip streamed
 * in the page through onnxruntime-web (wasm) gives, frame by frame, the logits of onnxruntime-node's
 * stream within 1e-4 * max(1, max |node|); the page shows labels (DOM text, a screenshot taken); the
 * camera path runs on Chromium's synthetic camera; a refused camera leaves a visible note.
 * Skipped, saying so, only when Chromium is not installed.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSite } from '../../web/site/write-site.js';
import { TOLERANCE, scaledMaxDiff } from '../passes/helpers.js';
import { type OpenSite, openSite } from './browser.js';
import { SMALL_ONLINE, chromium, movingClip, nodeStream, onlineModel, removeTempDirs, tempDir, writeNpy } from './helpers.js';

const browser = chromium();
if (browser.skip) console.warn(browser.skip);
const FRAMES = 6;
const LABELS = ['walking', 'waving', 'clapping', 'jumping', 'sitting', 'running'];

describe.skipIf(browser.path === undefined)('the page in headless Chromium', () => {
  const model = onlineModel(SMALL_ONLINE);
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
    await page.evaluate(() => window.vnetDone);
    const got = (await page.evaluate(() => window.vnetFrames)) as number[][];
    const expected = await nodeStream(model, clip, FRAMES);
    expect(got.length).toBe(FRAMES);
    got.forEach((logits, f) => expect(scaledMaxDiff(Float32Array.from(logits), expected[f] as Float32Array), `frame ${f}`).toBeLessThanOrEqual(TOLERANCE));
    // The caches carry: frames differ, and streaming each frame from empty caches would not match.
    expect(scaledMaxDiff(expected[4] as Float32Array, expected[5] as Float32Array)).toBeGreaterThan(1e-2);
    const info = await page.evaluate(() => window.vnetInfo);
    expect(info).toMatchObject({ ep: 'wasm', isolated: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('shows the top labels, the latency and the model in the DOM (screenshot taken)', async () => {
    const { page } = await open.open('?clip=clip.npy');
    await page.evaluate(() => window.vnetDone);
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
    const shot = path.join(dir, 'page.png');
    await page.screenshot({ path: shot as `${string}.png` });
    expect([...readFileSync(shot).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    await page.close();
  }, 120_000);

  it('streams the (synthetic) camera: frames are pushed and labels shown', async () => {
    const { page, errors } = await open.open('');
    await page.waitForFunction(() => window.vnetLatencies.length >= 3, { timeout: 60_000 });
    expect(await page.$eval('#status', (e) => e.textContent)).toBe('streaming the camera');
    expect(await page.$$eval('#labels li', (items) => items.length)).toBe(5);
    const notes = await page.$$eval('.note', (items) => items.map((n) => n.textContent ?? ''));
    expect(notes.some((n) => n.startsWith('The camera was refused'))).toBe(false);
    expect(notes).toContain('Preprocessing: the TSM demo defaults (the model declares none): resize, centre crop, /255, ImageNet mean/std.');
    await page.click('#reset');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('says so on the page when WebGPU is asked for but missing, and runs on wasm', async () => {
    const { page } = await open.open('?clip=clip.npy&ep=webgpu');
    await page.evaluate(() => window.vnetDone);
    const info = await page.evaluate(() => window.vnetInfo);
    const notes = await page.$$eval('.note', (items) => items.map((n) => n.textContent ?? ''));
    if (info?.ep === 'webgpu') {
      // A real adapter: nothing to fall back from.
      expect(notes.filter((n) => n.includes('WebGPU'))).toEqual([]);
    } else {
      expect(info?.ep).toBe('wasm');
      expect(notes.some((n) => /^WebGPU (is missing|could not run the model)/.test(n))).toBe(true);
    }
    await page.close();
  }, 120_000);
});

describe.skipIf(browser.path === undefined)('the page with the camera refused', () => {
  it('leaves a visible note and stops', async () => {
    const dir = tempDir();
    await writeSite({ model: onlineModel(SMALL_ONLINE), shown: 'small.onnx', outDir: dir });
    const site = await openSite(dir, browser.path as string, 'refused');
    try {
      const { page } = await site.open('');
      await page.evaluate(() => window.vnetDone);
      const notes = await page.$$eval('.note', (items) => items.map((n) => n.textContent ?? ''));
      expect(notes.some((n) => n.startsWith('The camera was refused or is missing ('))).toBe(true);
      expect(await page.$eval('#status', (e) => e.textContent)).toBe('no camera');
    } finally {
      await site.close();
      removeTempDirs();
    }
  }, 120_000);
});

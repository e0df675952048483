/** Debian's headless Chromium driven by puppeteer-core (no browser download), around one served site. */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { type ServedSite, serveSite } from '../../web/site/serve.js';

/** One response of the page server: what the browser asked for and how many body bytes it moved. */
export interface Served {
  readonly url: string;
  readonly status: number;
  readonly bytes: number;
}

export interface OpenSite {
  readonly site: ServedSite;
  readonly browser: Browser;
  /** Every response the server sent, in order (counted at the server, so workers' requests are in it too). */
  readonly served: Served[];
  /**
   * Opens `index.html` + query, by default in a fresh incognito context (its own empty cache in memory);
   * `incognito: false` opens it in the browser's profile (its disk cache). Errors are collected in `errors`.
   */
  open(query: string, options?: { incognito?: boolean }): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export interface SiteOptions {
  readonly camera?: 'fake' | 'refused';
  /** Chromium's WebGPU on SwiftShader (a CPU adapter), so `?ep=webgpu` has an adapter to run on. */
  readonly webgpu?: boolean;
}

/** Serves `dir` and launches Chromium with a synthetic camera that is allowed without a prompt. */
export async function openSite(dir: string, executablePath: string, options: SiteOptions = {}): Promise<OpenSite> {
  const site = await serveSite(dir, 0);
  const served: Served[] = [];
  site.server.on('request', (request, response) => {
    // The body bytes as they are written (the server pipes each file into write()).
    let bytes = 0;
    const write = response.write.bind(response) as (chunk: Uint8Array | string, ...rest: unknown[]) => boolean;
    response.write = ((chunk: Uint8Array | string, ...rest: unknown[]) => {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      return write(chunk, ...rest);
    }) as typeof response.write;
    response.on('finish', () => served.push({ url: request.url ?? '', status: response.statusCode, bytes }));
  });
  const camera =
    (options.camera ?? 'fake') === 'fake' ? ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] : ['--deny-permission-prompts'];
  const gpu = options.webgpu ? ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'] : [];
  const browser = await puppeteer.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', ...camera, ...gpu] });
  return {
    site,
    browser,
    served,
    async open(query, options = {}) {
      const page = options.incognito === false ? await browser.newPage() : await (await browser.createBrowserContext()).newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(`${site.url}index.html${query}`);
      return { page, errors };
    },
    async close() {
      await browser.close();
      await site.close();
    },
  };
}

/**
 * How many pixels of what the screen shows inside `selector`'s box are ink: `dark` (text: luminance
 * under 100 on the light page) or `green` (the latency plot's line), decoded from a real screenshot.
 */
export async function inkPixels(page: Page, selector: string, ink: 'dark' | 'green'): Promise<{ ink: number; pixels: number }> {
  const box = await (await page.$(selector))?.boundingBox();
  if (!box || box.width < 1 || box.height < 1) return { ink: 0, pixels: 0 };
  const png = await page.screenshot({ clip: box, encoding: 'base64' });
  return page.evaluate(
    async (data: string, kind: string) => {
      const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      ctx.drawImage(bitmap, 0, 0);
      const rgba = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
      let ink = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        const [r, g, b] = [rgba[i] as number, rgba[i + 1] as number, rgba[i + 2] as number];
        if (kind === 'dark' ? 0.299 * r + 0.587 * g + 0.114 * b < 100 : g > r + 60 && g > b + 30) ink++;
      }
      return { ink, pixels: rgba.length / 4 };
    },
    png,
    ink,
  );
}

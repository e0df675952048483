/** Debian's headless Chromium driven by puppeteer-core (no browser download), around one served site. */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { type ServedSite, serveSite } from '../../web/site/serve.js';

export interface OpenSite {
  readonly site: ServedSite;
  readonly browser: Browser;
  /** Opens `index.html` + query; page errors and console errors are collected in `errors`. */
  open(query: string): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

/** Serves `dir` and launches Chromium with a synthetic camera that is allowed without a prompt. */
export async function openSite(dir: string, executablePath: string, camera: 'fake' | 'refused' = 'fake'): Promise<OpenSite> {
  const site = await serveSite(dir, 0);
  const flags = camera === 'fake' ? ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] : ['--deny-permission-prompts'];
  const browser = await puppeteer.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', ...flags] });
  return {
    site,
    browser,
    async open(query) {
      const page = await browser.newPage();
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

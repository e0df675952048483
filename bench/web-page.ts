/** One page of a `vnetc web` site streaming a clip in headless Chromium: its per-frame latencies, as the page measures them. */
import type { Browser } from 'puppeteer-core';

export interface PageRun {
  /** performance.now() around each push, first frame included. */
  readonly times: readonly number[];
  readonly info: { readonly ep?: string; readonly threads?: number; readonly isolated?: boolean } | undefined;
}

export async function pageLatencies(browser: Browser, url: string): Promise<PageRun> {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.evaluate(() => window.vnetDone);
    const times = (await page.evaluate(() => window.vnetLatencies)) as number[];
    const info = await page.evaluate(() => window.vnetInfo);
    return { times, info };
  } finally {
    await page.close();
  }
}

/** The p-th quantile (0..1) of sorted values, nearest rank. */
export function quantile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;
}

/**
 * The online TSM page's speed in a real browser: tsm_mobilenetv2_online (224x224, -O2, --target web)
 * served by `vnetc web`'s writer and server, streamed in Debian's headless Chromium (onnxruntime-web,
 * wasm, cross-origin isolated) from a clip of --frames frames; prints the first frame's latency (it
 * includes onnxruntime-web's first-run setup) and the median and p90 of the rest, as the page measures
 * them (performance.now() around each push), alternating the default wasm threads and one thread, twice
 * each; then the same model on onnxruntime-node, for scale (the
 * machine is shared: its load shows in both).
 *
 *   npm run bench:web [-- --frames 40] [--ep webgpu]
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileFile } from '../compiler/compile.js';
import { performance } from 'node:perf_hooks';
import { formatNpy } from '../runtime/npy.js';
import { openStream } from '../runtime/stream.js';
import { serveSite } from '../web/site/serve.js';
import { writeSite } from '../web/site/write-site.js';
import { deterministicData, intFlag, median } from './stats.js';
import { pageLatencies, quantile } from './web-page.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export async function benchWeb(frames: number, ep: string, log: (line: string) => void): Promise<number> {
  const chromium = process.env.VNET_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    log(`no Chromium at ${chromium} (apt-get install chromium, or set VNET_CHROMIUM)`);
    return 1;
  }
  const compiled = await compileFile(join(root, 'examples', 'tsm_mobilenetv2_online.vnet'), { online: true, target: 'web', level: 2 });
  if (!compiled.bytes) {
    log(`not compiled: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
    return 1;
  }
  const dir = mkdtempSync(join(tmpdir(), 'vnet-bench-web-'));
  const clipDir = mkdtempSync(join(tmpdir(), 'vnet-bench-web-'));
  try {
    // The server serves only the files the site lists: the clip goes in through writeSite.
    const size = 3 * 224 * 224;
    writeFileSync(join(clipDir, 'clip.npy'), formatNpy({ type: 'float32', dims: [frames, 3, 224, 224], data: deterministicData(frames * size) }));
    await writeSite({ model: compiled.bytes, shown: 'tsm_mobilenetv2_online', outDir: dir, clips: [join(clipDir, 'clip.npy')] });
    const site = await serveSite(dir, 0);
    const { default: puppeteer } = await import('puppeteer-core');
    const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    try {
      for (const threads of ['', '&threads=1', '', '&threads=1']) {
        const { times, info } = await pageLatencies(browser, `${site.url}index.html?clip=clip.npy&ep=${ep}${threads}`);
        const rest = times.slice(1).sort((a, b) => a - b);
        log(
          `tsm_mobilenetv2_online 224x224 in headless Chromium: onnxruntime-web ${info?.ep}, threads: ${info?.threads}, cross-origin isolated: ${info?.isolated}`,
        );
        log(
          `first frame ${times[0]?.toFixed(1)} ms; then median ${median(rest).toFixed(1)} ms, p90 ${quantile(rest, 0.9).toFixed(1)} ms per frame over ${rest.length} frames`,
        );
      }
      log(
        `for scale, onnxruntime-node CPU (2 threads) on the same model just after: median ${(await nodeMedian(compiled.bytes, frames)).toFixed(1)} ms per frame`,
      );
    } finally {
      await browser.close();
      await site.close();
    }
    return 0;
  } finally {
    for (const d of [dir, clipDir]) rmSync(d, { recursive: true, force: true });
  }
}

/** The same model streamed by onnxruntime-node: how loaded the machine is, in the same units. */
async function nodeMedian(model: Uint8Array, frames: number): Promise<number> {
  const stream = await openStream(model, { providers: ['cpu'], threads: 2 });
  try {
    const frame = deterministicData(3 * 224 * 224);
    const times: number[] = [];
    for (let i = 0; i <= frames; i++) {
      const start = performance.now();
      await stream.push(frame);
      if (i > 0) times.push(performance.now() - start);
    }
    return median(times);
  } finally {
    await stream.release();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--ep');
  const ep = at >= 0 ? (process.argv[at + 1] ?? 'wasm') : 'wasm';
  benchWeb(Math.max(2, intFlag('--frames', 40)), ep, (line) => process.stdout.write(`${line}\n`)).then((code) => {
    process.exitCode = code;
  });
}

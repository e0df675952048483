/**
 * Time to turn a video into a TSM clip: probe, sample 8 segment centres, decode only those frames,
 * resize (shorter side 256), crop 224, normalize. On a generated 60 s and a 10-minute 1280x720 H.264
 * video (ffmpeg's testsrc2, libx264 defaults: a key frame every 250 frames), made once and kept in
 * `VNET_BENCH_VIDEOS` (default: <tmp>/vnet-video-bench). Prints the median of 3 runs, the machine's
 * load average (the figures are wall time) and the process's peak RSS.
 * Run with `npm run bench:video` (`VNET_FFMPEG=path` picks the ffmpeg binary).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Preprocess } from '../contract/preprocess.js';
import { locateFfmpeg } from '../runtime/video/locate.js';
import { readVideoClips } from '../runtime/video/read-clip.js';

const TSM: Preprocess = {
  frames: 8,
  layout: 'NTCHW',
  sampling: { scheme: 'segments' },
  resize: 256,
  crop: 224,
  order: 'rgb',
  scale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  input: 'float',
};
const RUNS = 3;

function video(dir: string, seconds: number): string {
  const file = path.join(dir, `testsrc2-1280x720-${seconds}s.mp4`);
  if (!existsSync(file)) {
    process.stderr.write(`making ${file} (once)...\n`);
    const source = `testsrc2=size=1280x720:rate=30:duration=${seconds}`;
    execFileSync(locateFfmpeg().ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', `${file}.part.mp4`]);
    execFileSync('mv', [`${file}.part.mp4`, file]);
  }
  return file;
}

async function main(): Promise<void> {
  const dir = process.env['VNET_BENCH_VIDEOS'] ?? path.join(tmpdir(), 'vnet-video-bench');
  mkdirSync(dir, { recursive: true });
  console.log(`ffmpeg: ${locateFfmpeg().ffmpeg}`);
  for (const seconds of [60, 600]) {
    const file = video(dir, seconds);
    const times: number[] = [];
    let frames: readonly number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const start = performance.now();
      const result = await readVideoClips(file, path.basename(file), TSM);
      times.push(performance.now() - start);
      frames = result.indices[0] ?? [];
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(RUNS / 2)]!;
    console.log(`${seconds} s video: 8 frames [${frames.join(', ')}] in ${(median / 1000).toFixed(2)} s (median of ${RUNS}; min ${(times[0]! / 1000).toFixed(2)} s)`);
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

await main();

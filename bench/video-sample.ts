/**
 * Time to turn a video into a TSM clip (probe with exact frame counting, sample 8 segment centres,
 * decode only those frames by time stamp, resize 256, crop 224, normalize), and a check that the
 * frames fed are the ones the JSON names: every bench video paints its frame number into a corner
 * (red, green, blue in steps of 8), read back from each decoded frame.
 * Videos: 1920x1080 H.264 (libx264 veryfast, x264's default key frame interval of 250) of 60 s at
 * 30 fps, 23.976 fps and a variable rate (frame intervals from 1/40 to 1/20 s), and 10-minute files
 * made of ten copies of each (`-c copy`). Made once into `VNET_BENCH_VIDEOS` (default
 * <tmp>/vnet-video-bench). The sides alternate in one process; each figure is the median of
 * `VNET_BENCH_RUNS` (default 3) runs, with the ratio to the 30 fps file of the same length.
 * Run with `npm run bench:video`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Preprocess } from '../contract/preprocess.js';
import { decodeFrames } from '../runtime/video/decode.js';
import { withVideoInput } from '../runtime/video/input.js';
import { locateFfmpeg } from '../runtime/video/locate.js';
import { probeVideo } from '../runtime/video/probe.js';
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
const RUNS = Number(process.env['VNET_BENCH_RUNS'] ?? 3);

/** The frame number painted into a 64x64 corner: r = 8 (n mod 32), g = 8 (n / 32 mod 32), b = 8 (n / 1024). */
const PAINT = "color=black:s=64x64:r=30,geq=r='8*mod(N\\,32)':g='8*mod(floor(N/32)\\,32)':b='8*floor(N/1024)'";

interface Kind {
  readonly name: string;
  /** Filter turning the 30 fps painted source into this kind's timing. */
  readonly timing: string;
  /** The encoder's time base (else ffmpeg rounds the times to the source's 1/30 s). */
  readonly timeBase: string;
}

const KINDS: readonly Kind[] = [
  { name: 'cfr30', timing: 'null', timeBase: '1/30' },
  { name: 'ntsc23.976', timing: 'settb=1/24000,setpts=N*1001', timeBase: '1/24000' },
  // Intervals swing between 1/60 and 1/20 s (a phone's variable rate), average 1/30.
  { name: 'vfr', timing: "settb=1/90000,setpts='floor(90000*(N/30+sin(N/15)/4))'", timeBase: '1/90000' },
];

function make60(dir: string, kind: Kind): string {
  const file = path.join(dir, `${kind.name}-1080p-60s.mp4`);
  if (existsSync(file)) return file;
  process.stderr.write(`making ${file} (once)...\n`);
  const graph = `testsrc2=s=1920x1080:r=30:d=60[bg];${PAINT}[n];[bg][n]overlay=0:0:shortest=1,${kind.timing}[v]`;
  const part = `${file}.part.mp4`;
  execFileSync(locateFfmpeg().ffmpeg, [
    '-v',
    'error',
    '-y',
    '-filter_complex',
    graph,
    '-map',
    '[v]',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-pix_fmt',
    'yuv420p',
    '-vsync',
    'passthrough',
    '-enc_time_base',
    kind.timeBase,
    part,
  ]);
  renameSync(part, file);
  return file;
}

function make600(short: string): string {
  const file = short.replace('-60s.mp4', '-600s.mp4');
  if (existsSync(file)) return file;
  process.stderr.write(`making ${file} (once)...\n`);
  const list = `${file}.txt`;
  writeFileSync(list, Array.from({ length: 10 }, () => `file '${short.replace(/'/g, "'\\''")}'\n`).join(''));
  const part = `${file}.part.mp4`;
  execFileSync(locateFfmpeg().ffmpeg, ['-v', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', part]);
  renameSync(part, file);
  return file;
}

/** The frames of `file` the sampler feeds, each checked against the number painted in it. */
async function checkExact(file: string, period: number): Promise<string> {
  return withVideoInput(file, path.basename(file), async (input) => {
    const info = await probeVideo(input, path.basename(file));
    const read = await readVideoClips(file, path.basename(file), TSM);
    const wanted = read.indices[0]!;
    const wrong: string[] = [];
    await decodeFrames(input, path.basename(file), info, wanted, (n, image) => {
      const [r, g, b] = [
        image.data[32 * image.width * 3 + 32 * 3]!,
        image.data[32 * image.width * 3 + 32 * 3 + 1]!,
        image.data[32 * image.width * 3 + 32 * 3 + 2]!,
      ];
      const painted = Math.round(r / 8) + 32 * Math.round(g / 8) + 1024 * Math.round(b / 8);
      if (painted !== n % period) wrong.push(`frame ${n} shows ${painted}`);
    });
    const how = info.index.kind === 'pts' ? 'indexed by packet time stamps' : `counted by decoding: ${info.index.reason}`;
    return wrong.length === 0 ? `exact (${info.frames} frames, ${how}; fed [${wanted.join(', ')}])` : `WRONG: ${wrong.join('; ')}`;
  });
}

/** CPU seconds used so far by this process and its finished children (ffmpeg, ffprobe): Linux's /proc. */
function cpuSeconds(): number {
  if (!existsSync('/proc/self/stat')) return NaN;
  const fields = readFileSync('/proc/self/stat', 'utf8')
    .replace(/^.*\) /, '')
    .split(' ')
    .map(Number);
  // utime, stime, cutime, cstime are fields 14-17 of stat(5); the text after ') ' starts at field 3.
  return (fields[11]! + fields[12]! + fields[13]! + fields[14]!) / 100;
}

/** Wall milliseconds and CPU seconds of one clip. */
async function timeOnce(file: string): Promise<{ ms: number; cpu: number }> {
  const start = performance.now();
  const startCpu = cpuSeconds();
  await readVideoClips(file, path.basename(file), TSM);
  return { ms: performance.now() - start, cpu: cpuSeconds() - startCpu };
}

async function main(): Promise<void> {
  const dir = process.env['VNET_BENCH_VIDEOS'] ?? path.join(tmpdir(), 'vnet-video-bench');
  mkdirSync(dir, { recursive: true });
  const install = locateFfmpeg();
  console.log(`ffmpeg: ${install.ffmpeg}, ffprobe: ${install.ffprobe}`);
  for (const seconds of [60, 600]) {
    const files = KINDS.map((k) => {
      const short = make60(dir, k);
      return seconds === 60 ? short : make600(short);
    });
    for (const file of files) console.log(`${path.basename(file)}: ${await checkExact(file, 1800)}`);
    const times: number[][] = files.map(() => []);
    const cpu: number[][] = files.map(() => []);
    await timeOnce(files[0]!); // warm the page cache
    for (let r = 0; r < RUNS; r++) {
      const order = r % 2 === 0 ? files.map((_, i) => i) : files.map((_, i) => files.length - 1 - i);
      for (const i of order) {
        const t = await timeOnce(files[i]!);
        times[i]!.push(t.ms);
        cpu[i]!.push(t.cpu);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const base = median(times[0]!);
    for (const [i, file] of files.entries()) {
      const m = median(times[i]!);
      const used = median(cpu[i]!);
      console.log(
        `${seconds} s ${KINDS[i]!.name}: 8 frames in ${(m / 1000).toFixed(2)} s (median of ${RUNS}; min ${(Math.min(...times[i]!) / 1000).toFixed(2)} s), ${(m / base).toFixed(2)}x the 30 fps file; ${used.toFixed(2)} CPU s  [${path.basename(file)}]`,
      );
    }
  }
  console.log(
    `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (wall times on a shared machine)`,
  );
}

await main();

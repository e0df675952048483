/**
 * Hostile videos given to the real executable (`run --video`): files that would make ffmpeg wait,
 * read other files, or allocate gigabytes, and a vnet stopped while ffmpeg works. See harness.ts for
 * what every case must keep (10 s, 1 GB including ffmpeg, one error line, nothing outside changed).
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateFfmpeg } from '../../runtime/video/locate.js';
import { processGone } from '../io/processes.js';
import { BUILT, MAIN, expectRefused, removeSandboxes, sandbox, snapshot, vnetc } from './harness.js';

function ffmpegThere(): boolean {
  try {
    locateFfmpeg();
    return true;
  } catch {
    return false;
  }
}
const READY = BUILT && ffmpegThere();
if (!READY) console.warn('test/hostile/video: skipped: needs dist/cli/main.js (npm run build) and an ffmpeg install with ffprobe');
afterAll(removeSandboxes);

const ROOT = new URL('../../', import.meta.url).pathname;
let models = '';

/** A sandbox with a small model (TSM-ResNet50, 2 frames of 32x32) and the given files. */
function withModel(files: Record<string, string | Uint8Array> = {}) {
  const sb = sandbox(files);
  copyFileSync(path.join(models, 'm.onnx'), path.join(sb.work, 'm.onnx'));
  return sb;
}

function ffmpeg(args: readonly string[]): void {
  execFileSync(locateFfmpeg().ffmpeg, ['-v', 'error', '-y', ...args]);
}

describe.skipIf(!READY)('hostile videos: ffmpeg bounded', () => {
  beforeAll(() => {
    models = mkdtempSync(path.join(tmpdir(), 'vnet-hostile-models-'));
    execFileSync(process.execPath, [
      MAIN,
      'compile',
      path.join(ROOT, 'examples/tsm_resnet50.vnet'),
      '--set',
      'T=2',
      '--set',
      'SIZE=32',
      '-o',
      path.join(models, 'm.onnx'),
    ]);
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=64x48:r=25:d=1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', path.join(models, 'ok.mp4')]);
  }, 120_000);

  it('a 100-byte .mp4 that is a live HLS playlist is refused at once (VN713), nothing fetched', () => {
    const live = '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:2.0,\nhttp://127.0.0.1:9/seg0.ts\n';
    const sb = withModel({ 'live.mp4': live });
    const before = snapshot(sb.outside);
    const line = expectRefused(vnetc(sb, ['run', 'm.onnx', '--video', 'live.mp4']), sb, before, [1]);
    expect(line).toBe("error VN713: 'live.mp4' is not a video file vnet reads: ffmpeg reads it as 'hls' (an HLS playlist)");
  });

  it('an HLS playlist naming a local video by absolute path: refused, that video never read, --save-input not written', () => {
    const sb = withModel();
    copyFileSync(path.join(models, 'ok.mp4'), path.join(sb.outside, 'private.mp4'));
    writeFileSync(
      path.join(sb.work, 'p.mp4'),
      `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n${path.join(sb.outside, 'private.mp4')}\n#EXT-X-ENDLIST\n`,
    );
    const before = snapshot(sb.outside);
    const line = expectRefused(vnetc(sb, ['run', 'm.onnx', '--video', 'p.mp4', '--save-input', 'clip.npy']), sb, before, [1]);
    expect(line).toMatch(/^error VN713: 'p\.mp4' is not a video file vnet reads: ffmpeg reads it as 'hls'/);
    expect(existsSync(path.join(sb.work, 'clip.npy'))).toBe(false);
  });

  it('a concat list named .mp4: refused (VN713)', () => {
    const sb = withModel();
    copyFileSync(path.join(models, 'ok.mp4'), path.join(sb.outside, 'private.mp4'));
    writeFileSync(path.join(sb.work, 'c.mp4'), `ffconcat version 1.0\nfile '${path.join(sb.outside, 'private.mp4')}'\n`);
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['run', 'm.onnx', '--video', 'c.mp4']), sb, before, [1])).toMatch(/^error VN713: 'c\.mp4' .*'concat' \(a concat list\)$/);
  });

  it('a FIFO named a.mp4 in a --video folder does not block: its record is an error, the next video is classified', () => {
    const sb = withModel();
    execFileSync('mkdir', [path.join(sb.work, 'videos')]);
    execFileSync('mkfifo', [path.join(sb.work, 'videos', 'a.mp4')]);
    copyFileSync(path.join(models, 'ok.mp4'), path.join(sb.work, 'videos', 'b.mp4'));
    const before = snapshot(sb.outside);
    const ran = vnetc(sb, ['run', 'm.onnx', '--video', 'videos', '--json']);
    expect(expectRefused(ran, sb, before, [1])).toBe("error VN700: cannot read video 'videos/a.mp4': is a FIFO, not a regular file");
    expect(
      ran.stdout
        .trim()
        .split('\n')
        .map((l) => Object.keys(JSON.parse(l) as object).includes('error')),
    ).toEqual([true, false]);
  });

  it('an AVI of 16000x16000 MJPEG frames is refused from the probe (VN711), within the memory bound', () => {
    const small = path.join(models, 'small.avi');
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=16x16:r=25:d=1', '-c:v', 'mjpeg', '-f', 'avi', small]);
    // The frame size in the AVI headers (width, height as 32-bit pairs) and in every JPEG's SOF0 header.
    const bytes = Buffer.from(
      readFileSync(small)
        .toString('latin1')
        .replaceAll('\x10\0\0\0\x10\0\0\0', '\x80\x3e\0\0\x80\x3e\0\0')
        .replaceAll('\xff\xc0\0\x11\x08\0\x10\0\x10', '\xff\xc0\0\x11\x08\x3e\x80\x3e\x80'),
      'latin1',
    );
    const sb = withModel({ 'huge.mp4': bytes });
    const before = snapshot(sb.outside);
    expect(expectRefused(vnetc(sb, ['run', 'm.onnx', '--video', 'huge.mp4']), sb, before, [1])).toBe(
      "error VN711: 'huge.mp4' has 16000x16000 frames; vnet decodes frames of at most 33554432 pixels (8192x4096)",
    );
  });

  it('SIGTERM while ffmpeg decodes: vnet exits 143 and the ffmpeg process group dies with it', async () => {
    // One key frame for 40 s of 720p: ffmpeg decodes for seconds between the frames it writes, so only a kill ends it soon.
    const long = path.join(models, 'long.mp4');
    if (!existsSync(long)) ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=30:d=40', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '1200', long]);
    const sb = withModel();
    copyFileSync(long, path.join(sb.work, 'long.mp4'));
    const child = spawn(process.execPath, [MAIN, 'run', 'm.onnx', '--video', 'long.mp4'], {
      cwd: sb.work,
      stdio: 'ignore',
      env: { ...process.env, TMPDIR: sb.tmp },
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
    let tool: number | undefined;
    for (let i = 0; i < 300 && tool === undefined; i++) {
      await new Promise((r) => setTimeout(r, 50));
      tool = childrenOf(child.pid!).find((pid) => commandOf(pid) === 'ffmpeg');
    }
    expect(tool, 'ffmpeg started').toBeDefined();
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    for (let i = 0; i < 10 && !processGone(tool!); i++) await new Promise((r) => setTimeout(r, 50));
    expect(!processGone(tool!), 'ffmpeg is gone').toBe(false);
  }, 60_000);
});

function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return (
          readFileSync(`/proc/${d}/stat`, 'utf8')
            .replace(/^.*\) /, '')
            .split(' ')[1] === String(pid)
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

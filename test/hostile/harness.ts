/**
 * The hostile-input suite's harness: every case runs the real executable (dist/cli/main.js) in a
 * sandbox folder with its own TMPDIR, under `timeout` and `/usr/bin/time`, and checks the promises
 * of issue #17: it ends within 10 s, stays under 1 GB, exits 1 or 2 with one error line and no stack
 * trace, and changes nothing outside its work folder (the sandbox's `outside/` files, the TMPDIR).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
export const BUILT = existsSync(MAIN);
export const IS_ROOT = process.getuid?.() === 0;
const TIME = '/usr/bin/time';
export const HAS_TIME = existsSync(TIME);

export const LIMIT_MS = 10_000;
export const LIMIT_KB = 1024 * 1024;

export interface Sandbox {
  readonly root: string;
  /** The working directory of the command; the case's files live here. */
  readonly work: string;
  /** Files the command must never change: a secret, a model, a data file. */
  readonly outside: string;
  /** The command's TMPDIR: empty again when it ends. */
  readonly tmp: string;
}

const made: string[] = [];

export function sandbox(files: Record<string, string | Uint8Array> = {}): Sandbox {
  const root = mkdtempSync(path.join(tmpdir(), 'vnet-hostile-'));
  made.push(root);
  const sb = { root, work: path.join(root, 'work'), outside: path.join(root, 'outside'), tmp: path.join(root, 'tmp') };
  for (const dir of [sb.work, sb.outside, sb.tmp]) mkdirSync(dir);
  writeFileSync(path.join(sb.work, 'vnet.json'), '{}\n'); // the project root
  writeFileSync(path.join(sb.outside, 'secret.txt'), 'root:x:0:0:TOPSECRET:/root:/bin/bash\n');
  writeFileSync(path.join(sb.outside, 'keep.onnx'), 'not yours');
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(sb.work, rel)), { recursive: true });
    writeFileSync(path.join(sb.work, rel), content);
  }
  return sb;
}

export function removeSandboxes(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Kind, size and content hash of every entry under `dir` (links not followed). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const p = path.join(dir, rel, name);
      const st = lstatSync(p);
      const key = path.join(rel, name);
      if (st.isDirectory()) {
        out[key] = 'dir';
        walk(key);
      } else if (st.isFile()) {
        out[key] = `file ${st.mode.toString(8)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
      } else {
        out[key] = `${st.isSymbolicLink() ? 'link' : st.isFIFO() ? 'fifo' : st.isCharacterDevice() ? 'chardev' : 'other'} ${st.mode.toString(8)}`;
      }
    }
  };
  walk('');
  return out;
}

export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** Peak resident memory in KiB, when /usr/bin/time is there. */
  readonly maxRssKb?: number;
}

export interface RunOptions {
  /** A shell redirection of stdout, e.g. '> out/full' (the command then runs under bash). */
  readonly stdoutTo?: string;
  readonly env?: Record<string, string>;
}

/** `vnetc <args>` in the sandbox's work folder, killed after 12 s, with a 1 GB V8 heap. */
export function vnetc(sb: Sandbox, args: readonly string[], options: RunOptions = {}): Ran {
  const rssFile = path.join(sb.root, 'rss');
  const command = [process.execPath, '--max-old-space-size=1024', MAIN, ...args];
  const killer = ['timeout', '-s', 'KILL', '12'];
  const timed = HAS_TIME ? [TIME, '-f', '%M', '-o', rssFile, ...killer, ...command] : [...killer, ...command];
  const argv = options.stdoutTo ? ['bash', '-c', `${timed.map(shellQuote).join(' ')} ${options.stdoutTo}`] : timed;
  const start = Date.now();
  const result = spawnSync(argv[0] as string, argv.slice(1), {
    cwd: sb.work,
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: sb.tmp, NO_COLOR: '1', ...options.env },
    timeout: 20_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Date.now() - start;
  const rss = HAS_TIME && existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) : undefined;
  rmSync(rssFile, { force: true });
  return {
    code: result.status,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    ms,
    ...(rss !== undefined && Number.isFinite(rss) ? { maxRssKb: rss } : {}),
  };
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Lines that report an error: diagnostics (`error VN123`), runtime errors (`vnetc: ...`), commander's `error: ...`. */
export function errorLines(ran: Ran): string[] {
  return `${ran.stdout}\n${ran.stderr}`.split('\n').filter((l) => /error VN\d{3}|^vnetc: (?!warning)|^error: /.test(l));
}

/** The promises every hostile case keeps. Returns the one error line. */
export function expectRefused(ran: Ran, sb: Sandbox, outsideBefore: Record<string, string>, codes: readonly number[] = [1, 2]): string {
  expect(ran.ms, 'ends within 10 s').toBeLessThan(LIMIT_MS);
  if (ran.maxRssKb !== undefined) expect(ran.maxRssKb, 'stays under 1 GB').toBeLessThan(LIMIT_KB);
  expect(codes, `exit code ${ran.code}\n${ran.stdout}\n${ran.stderr}`).toContain(ran.code);
  const lines = errorLines(ran);
  expect(lines, `${ran.stdout}\n${ran.stderr}`).toHaveLength(1);
  expect(`${ran.stdout}${ran.stderr}`).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
  expect(snapshot(sb.outside), 'nothing outside the work folder changed').toEqual(outsideBefore);
  expect(vnetScratch(sb), 'no scratch left in TMPDIR').toEqual([]);
  return lines[0] as string;
}

/**
 * What is left in the command's TMPDIR, less the two files onnxruntime-node 1.29's own telemetry
 * library writes there on every session (`.ses` and `mat-debug-<pid>.log`): those are not vnet's.
 */
export function vnetScratch(sb: Sandbox): string[] {
  return readdirSync(sb.tmp).filter((f) => f !== '.ses' && !/^mat-debug-\d+\.log$/.test(f));
}

/** test/hostile/pause-on-open.cjs: preloaded by interrupt(), it holds the process at one open() for the signal. */
const PAUSE_HOOK = fileURLToPath(new URL('./pause-on-open.cjs', import.meta.url));
const PAUSED = /^vnet-test: paused at .*$/m;

/**
 * Starts `vnetc args` with the pause hook: the process stops inside the first open() of a file whose
 * path matches `pauseAt` (the file open, registered for cleanup, nothing after it done), says so on
 * stderr, and gets `signal` then: deterministic, no polling, no race with the work finishing first.
 * Resolves with the exit code, whether the pause was reached, and stderr without the hook's line.
 */
export async function interrupt(
  sb: Sandbox,
  args: readonly string[],
  pauseAt: RegExp,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; caught: boolean; stderr: string }> {
  const env = { ...process.env, TMPDIR: sb.tmp, VNET_TEST_PAUSE_OPEN: pauseAt.source };
  const child = spawn(process.execPath, ['--require', PAUSE_HOOK, MAIN, ...args], { cwd: sb.work, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let caught = false;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Bounded: a command that never reaches the pause ends on its own, or is killed after a minute.
  const limit = setTimeout(() => child.kill('SIGKILL'), 60_000);
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (!caught && PAUSED.test(stderr)) {
      caught = true;
      child.kill(signal);
    }
  });
  const code = await exited;
  clearTimeout(limit);
  return { code, caught, stderr: stderr.replace(PAUSED, '').replace(/^\n/, '') };
}

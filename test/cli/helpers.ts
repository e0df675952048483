import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CliContext } from '../../cli/context.js';

export interface Captured {
  readonly ctx: CliContext;
  /** Everything written to stdout so far. */
  readonly out: () => string;
  readonly err: () => string;
}

/** A CliContext that records its output instead of printing it; no colour unless asked. */
export function captureContext(cwd: string, color = false): Captured {
  let out = '';
  let err = '';
  const ctx: CliContext = {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    color,
    debug: false,
    cwd,
  };
  return { ctx, out: () => out, err: () => err };
}

/** A fresh temporary directory holding `files` (relative path -> content). */
export async function tempTree(files: Record<string, string | Uint8Array>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'vnetc-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return root;
}

/** Runs `vnetc <argv>` in-process in `cwd`; commander's own output (help, usage errors) is captured too. */
export async function runVnetc(argv: readonly string[], cwd = process.cwd()): Promise<{ code: number; out: string; err: string }> {
  const { runProgram } = await import('../../cli/program.js');
  let out = '';
  let err = '';
  const captured = captureContext(cwd);
  const code = await runProgram(
    {
      version: '9.9.9',
      context: () => captured.ctx,
      writeOut: (t) => {
        out += t;
      },
      writeErr: (t) => {
        err += t;
      },
    },
    argv,
  );
  return { code, out: out + captured.out(), err: err + captured.err() };
}

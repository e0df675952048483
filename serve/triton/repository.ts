/**
 * Writes a model's folder into a Triton repository atomically: everything goes into a hidden folder
 * beside it, which then replaces `REPO/<name>` in one rename, so Triton (which may be polling the
 * repository) never sees half a model. A failure leaves the old folder as it was.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RepoFile } from './export-model.js';

export function writeModelDirectory(repo: string, name: string, files: readonly RepoFile[]): void {
  mkdirSync(repo, { recursive: true });
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const staging = path.join(repo, `.${name}.partial-${stamp}`);
  const target = path.join(repo, name);
  const old = path.join(repo, `.${name}.old-${stamp}`);
  try {
    for (const file of files) {
      const dest = path.join(staging, file.path);
      mkdirSync(path.dirname(dest), { recursive: true });
      if ('bytes' in file) writeFileSync(dest, file.bytes);
      else copyFileSync(file.copyFrom, dest);
    }
    if (existsSync(target)) renameSync(target, old);
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (existsSync(old) && !existsSync(target)) renameSync(old, target);
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
}

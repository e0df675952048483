/**
 * Writes a whole folder atomically: its files go into a hidden staging folder beside it, which then
 * replaces `parent/name` in one rename, so a reader polling `parent` (Triton) never sees half of it.
 * A failure or a signal leaves the old folder as it was and removes the staging folder. The caller
 * decides whether the old folder may be replaced; this module only replaces it.
 */
import { randomBytes } from 'node:crypto';
import { renameSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { type PlannedFile, type WriteOptions, writeFilesAtomic } from './atomic-write.js';
import { trackTemporary, untrackTemporary } from './cleanup.js';

/** `files` have paths relative to the folder; `parent` must be a real folder (links resolved). */
export async function replaceFolder(parent: string, name: string, files: readonly PlannedFile[], options: WriteOptions): Promise<void> {
  const target = path.join(parent, name);
  // Registered before it exists, so an interrupt at any moment removes it.
  const staging = path.join(parent, `.${name}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  trackTemporary(staging);
  try {
    await mkdir(staging);
    const planned = files.map((f) => ({ ...f, path: path.join(staging, f.path) }));
    for (const dir of new Set(planned.map((f) => path.dirname(f.path)))) await mkdir(dir, { recursive: true });
    await writeFilesAtomic(planned, options);
    await swapIn(staging, target);
  } finally {
    await rm(staging, { recursive: true, force: true });
    untrackTemporary(staging);
  }
}

/**
 * Moves the old folder (or whatever is there) aside, the new one in, then drops the old. The two
 * renames are synchronous, so a signal (cleanup.ts) never lands between them.
 */
async function swapIn(staging: string, target: string): Promise<void> {
  const old = path.join(path.dirname(target), `.${path.basename(target)}.old-${process.pid}-${randomBytes(4).toString('hex')}`);
  let moved = false;
  try {
    renameSync(target, old);
    moved = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    renameSync(staging, target);
  } catch (error) {
    if (moved) restore(old, target);
    throw error;
  }
  if (!moved) return;
  trackTemporary(old);
  await rm(old, { recursive: true, force: true });
  untrackTemporary(old);
}

function restore(old: string, target: string): void {
  try {
    renameSync(old, target);
  } catch {
    // best effort; the original error is what the user needs
  }
}

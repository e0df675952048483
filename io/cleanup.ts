/**
 * What exists only while vnet works: temporary outputs and scratch folders, and the process groups
 * of the tools it runs (ffmpeg, ffprobe). They are registered here while they exist, so that Ctrl-C,
 * SIGTERM or SIGHUP removes the files and kills the groups before the process ends, and a plain exit
 * kills the groups too. Only the CLI installs the handlers (installSignalCleanup); a library user
 * keeps its own signal behaviour.
 */
import { rmSync } from 'node:fs';
import { constants } from 'node:os';

const pending = new Set<string>();

export function trackTemporary(path: string): void {
  pending.add(path);
}

export function untrackTemporary(path: string): void {
  pending.delete(path);
}

/** Paths registered now (tests). */
export function pendingTemporaries(): readonly string[] {
  return [...pending];
}

export function removeTemporariesSync(): void {
  for (const path of pending) {
    try {
      // A file operation already in libuv's thread pool may still add an entry while the folder is removed
      // (ENOTEMPTY): retrying lets it land first, since no new one starts while this runs.
      rmSync(path, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
    } catch {
      // best effort: the process is ending
    }
  }
  pending.clear();
}

const groups = new Set<number>();

/** A child started as the leader of its own process group (spawn's `detached`); `pid` names the group. */
export function trackProcessGroup(pid: number): void {
  groups.add(pid);
}

export function untrackProcessGroup(pid: number): void {
  groups.delete(pid);
}

/** SIGKILL to every tracked group (each at most once). */
export function killProcessGroupsSync(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  groups.clear();
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** On SIGINT, SIGTERM or SIGHUP: kill the tool groups, remove the temporaries, then exit with 128 + the signal's number; on exit, kill the groups. */
export function installSignalCleanup(exit: (code: number) => void = (code) => process.exit(code)): void {
  process.on('exit', killProcessGroupsSync);
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      killProcessGroupsSync();
      removeTemporariesSync();
      exit(128 + constants.signals[signal]);
    });
  }
}

/**
 * Files and folders that exist only while vnet works (temporary outputs, scratch folders): they are
 * registered here while they exist, so that Ctrl-C or SIGTERM can remove them before the process
 * ends. Only the CLI installs the signal handlers (installSignalCleanup); a library user keeps its
 * own signal behaviour.
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
      rmSync(path, { recursive: true, force: true });
    } catch {
      // best effort: the process is ending
    }
  }
  pending.clear();
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** On SIGINT, SIGTERM or SIGHUP: remove the temporaries, then exit with 128 + the signal's number. */
export function installSignalCleanup(exit: (code: number) => void = (code) => process.exit(code)): void {
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      removeTemporariesSync();
      exit(128 + constants.signals[signal]);
    });
  }
}

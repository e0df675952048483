/**
 * The project root: imports stay inside it unless `--allow-imports-outside` is given, so a hostile
 * `import "../../etc/passwd"` in a pull request reads nothing outside the checkout. It is the nearest
 * folder at or above the entry file's folder that holds `vnet.json`, `package.json` or `.git`; without
 * one, the entry file's own folder. Real paths (symbolic links resolved) on both sides.
 */
import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';

const MARKERS = ['vnet.json', 'package.json', '.git'];

export function findProjectRoot(entry: string, cwd = process.cwd()): string {
  const folder = path.dirname(path.resolve(cwd, entry));
  let start: string;
  try {
    start = realpathSync(folder);
  } catch {
    return folder;
  }
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (MARKERS.some((m) => existsSync(path.join(dir, m)))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

/** Whether `file` (a real path) is `root` or inside it. */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

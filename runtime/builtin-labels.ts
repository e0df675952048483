import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ioReason } from './files.js';
import { MAX_LABELS_BYTES, parseLabels } from './labels.js';
import { readBounded } from '../io/read-bounded.js';

/** The label lists that ship with vnet in data/labels/ (`--labels kinetics400`). */
export const BUILTIN_LABELS = ['kinetics400', 'jester'] as const;

/**
 * A `--labels` value: a built-in list by name, else a text file with one class name per line.
 * The result is the list, or the one-line reason it could not be read.
 */
export async function resolveLabels(value: string, cwd: string): Promise<{ labels: string[]; file: string } | { error: string }> {
  const builtin = (BUILTIN_LABELS as readonly string[]).includes(value);
  const file = builtin ? path.join(packageRoot(), 'data', 'labels', `${value}.txt`) : path.resolve(cwd, value);
  let text: string;
  try {
    text = new TextDecoder().decode(await readBounded(file, MAX_LABELS_BYTES));
  } catch (error) {
    return { error: builtin ? `the built-in list is missing (${ioReason(error)})` : ioReason(error) };
  }
  const labels = parseLabels(text);
  if (labels.length === 0) return { error: 'the file has no labels' };
  return { labels, file };
}

/** vnet's package root: the first directory up from this file with vnet's package.json (sources and dist/ alike). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (isVnetRoot(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.dirname(fileURLToPath(import.meta.url));
    dir = parent;
  }
}

function isVnetRoot(dir: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
    return pkg.name === 'vnet';
  } catch {
    return false;
  }
}


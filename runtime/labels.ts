/**
 * Class labels, wherever a command takes them (`compile`, `run` in every mode, `web`): `--labels VALUE`
 * is a list that ships with vnet (data/labels/VALUE.txt: kinetics400, jester) when VALUE names one, else
 * a text file with one class name per line. A file named like a built-in list is given as a path (`./jester`).
 */
import * as path from 'node:path';
import { packageFile } from '../base/package-files.js';
import { readBounded } from '../io/read-bounded.js';
import { RuntimeError } from './errors.js';
import { ioReason } from './files.js';

/** The label lists that ship with vnet in data/labels/. */
export const BUILTIN_LABELS = ['kinetics400', 'jester'] as const;

/** A label file larger than this is not a label file. */
export const MAX_LABELS_BYTES = 16 * 1024 * 1024;

/** Class labels, one per line (index = line number - 1); a final empty line is not a label. */
export function parseLabels(text: string): string[] {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The list `--labels VALUE` gives and the file it came from, or the one-line reason it cannot be read. */
export async function resolveLabels(value: string, cwd: string): Promise<{ labels: string[]; file: string } | { error: string }> {
  const builtin = isBuiltinLabels(value);
  const file = builtin ? packageFile('data', 'labels', `${value}.txt`) : path.resolve(cwd, value);
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

/** resolveLabels for a command that stops when it fails: an I/O RuntimeError `cannot read 'VALUE': reason`. */
export async function loadLabels(value: string, cwd: string): Promise<{ labels: string[]; file: string }> {
  const found = await resolveLabels(value, cwd);
  if ('error' in found) throw new RuntimeError('io', `cannot read '${value}': ${found.error}`);
  return found;
}

/** The labels of `--labels shown`, already resolved to `file`: a built-in name still reads the built-in list. */
export async function readLabels(file: string, shown = file): Promise<string[]> {
  const found = await resolveLabels(isBuiltinLabels(shown) ? shown : file, path.dirname(file));
  if ('error' in found) throw new RuntimeError('io', `cannot read '${shown}': ${found.error}`);
  return found.labels;
}

/** The label of class `index`, or undefined past the end of the list. */
export function labelOf(labels: readonly string[] | undefined, index: number): string | undefined {
  return labels?.[index];
}

function isBuiltinLabels(value: string): boolean {
  return (BUILTIN_LABELS as readonly string[]).includes(value);
}

import { readBinary } from './files.js';

/** Class labels, one per line (index = line number - 1); a final empty line is not a label. */
export function parseLabels(text: string): string[] {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A label file larger than this is not a label file. */
export const MAX_LABELS_BYTES = 16 * 1024 * 1024;

export async function readLabels(path: string, shown = path): Promise<string[]> {
  return parseLabels(new TextDecoder().decode(await readBinary(path, shown, MAX_LABELS_BYTES)));
}

/** The label of class `index`, or undefined past the end of the list. */
export function labelOf(labels: readonly string[] | undefined, index: number): string | undefined {
  return labels?.[index];
}

import { readBinary } from './files.js';

/** Class labels, one per line (index = line number - 1); a final empty line is not a label. */
export function parseLabels(text: string): string[] {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export async function readLabels(path: string, shown = path): Promise<string[]> {
  return parseLabels(new TextDecoder().decode(await readBinary(path, shown)));
}

/** The label of class `index`, or undefined past the end of the list. */
export function labelOf(labels: readonly string[] | undefined, index: number): string | undefined {
  return labels?.[index];
}

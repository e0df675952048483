/**
 * `--weights-map FILE`: rename rules for a layout vnet does not know. One rule per line, applied in
 * order to every tensor name, each to the result of the one before:
 *
 *   PATTERN => REPLACEMENT     JavaScript regular expression; $1, $2 ... insert its groups
 *   drop PATTERN               tensors whose name matches are not loaded
 *   # a comment                blank lines and comments are skipped
 *
 * Every occurrence of PATTERN in the name is replaced.
 */
import { rule, type RenameRule } from './rules.js';
import type { Result } from '../../../base/result.js';

export type MapParsed = Result<RenameRule[], { readonly line: number; readonly reason: string }>;

export function parseWeightsMap(text: string): MapParsed {
  const rules: RenameRule[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '' || line.startsWith('#')) continue;
    const drop = /^drop\s+(.+)$/.exec(line);
    const arrow = line.indexOf('=>');
    const [pattern, replacement] = drop
      ? [drop[1] as string, null]
      : arrow >= 0
        ? [line.slice(0, arrow).trim(), line.slice(arrow + 2).trim()]
        : [undefined, null];
    if (pattern === undefined || pattern === '') return { ok: false, error: { line: i + 1, reason: "expected 'PATTERN => REPLACEMENT' or 'drop PATTERN'" } };
    try {
      rules.push(rule(new RegExp(pattern, replacement === null ? '' : 'g'), replacement));
    } catch (error) {
      return { ok: false, error: { line: i + 1, reason: `bad pattern: ${(error as Error).message}` } };
    }
  }
  return { ok: true, value: rules };
}

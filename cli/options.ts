/** Bounds, parsers and flags shared by several commands' declarations (cli/register/*.ts). */
import { InvalidArgumentError } from 'commander';
import { EXPLAIN_FORMATS, type ExplainFormat } from './explain.js';
import { type FlagExtras, listFlag, switchFlag, textFlag } from './flags/flag.js';

/**
 * Upper bounds of the counting options: far above any real use, low enough that a typo or a
 * hostile value cannot make vnet start 100,000 threads or run for days.
 */
export const MAX_THREADS = 256;
export const MAX_RUNS = 100_000;
export const MAX_TOP = 1000;
export const MAX_WINDOW = 10_000;

/** `--explain` alone is `text` (its preset); `--explain json` prints a JSON array. */
export function parseExplainFormat(value: string): ExplainFormat {
  if ((EXPLAIN_FORMATS as readonly string[]).includes(value)) return value as ExplainFormat;
  const hint = value.endsWith('.vnet') ? ' (write the file before --explain, or --explain text)' : '';
  throw new InvalidArgumentError(`expected ${EXPLAIN_FORMATS.join(' or ')}, got '${value}'${hint}`);
}

/** `--set NAME=VALUE`, repeatable: a top-level constant of a .vnet file. */
export function setFlag<const M extends string = never, const To extends string = never>(
  description = 'override a top-level constant (repeatable)',
  extras: FlagExtras<M, To> = {},
) {
  return listFlag('--set <NAME=VALUE>', description, extras);
}

/** `--allow-imports-outside`: see README, Security. */
export function importsFlag<const M extends string = never>(extras: FlagExtras<M, never> = {}) {
  return switchFlag('--allow-imports-outside', 'let imports read files outside the project root (see docs/security.md)', extras);
}

/** `--labels`: a file of class names or a built-in list (runtime/labels.ts). */
export function labelsFlag(description = 'store class names in the model (a file with one per line, or a built-in list)') {
  return textFlag('--labels <file|kinetics400|jester>', description);
}

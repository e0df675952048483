/** Option parsers and helpers shared by the command registrations (cli/register/*.ts). */
import { type Command, InvalidArgumentError } from 'commander';
import { EXPLAIN_FORMATS, type ExplainFormat } from './explain.js';
import type { GlobalOptions } from './program-host.js';

/**
 * Upper bounds of the counting options: far above any real use, low enough that a typo or a
 * hostile value cannot make vnet start 100,000 threads or run for days.
 */
export const MAX_THREADS = 256;
export const MAX_RUNS = 100_000;
export const MAX_TOP = 1000;
export const MAX_WINDOW = 10_000;

export function parseInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`expected an integer, got '${value}'`);
  return n;
}

/** A whole number from 0 up (`--max-errors 0` means all). */
export function parseWholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a whole number from 0 up, got '${value}'`);
  return n;
}

/** `--explain` alone is `text` (its preset); `--explain json` prints a JSON array. */
export function parseExplainFormat(value: string): ExplainFormat {
  if ((EXPLAIN_FORMATS as readonly string[]).includes(value)) return value as ExplainFormat;
  const hint = value.endsWith('.vnet') ? ' (write the file before --explain, or --explain text)' : '';
  throw new InvalidArgumentError(`expected ${EXPLAIN_FORMATS.join(' or ')}, got '${value}'${hint}`);
}

/** A parser of `flag`'s value: an integer from 1 to `max`. */
export function parseCount(flag: string, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(n) || n < 1 || n > max) {
      throw new InvalidArgumentError(`${flag} must be an integer from 1 to ${max}, got '${value}'`);
    }
    return n;
  };
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function globalsOf(cmd: Command): GlobalOptions {
  const all = cmd.optsWithGlobals<{ color?: boolean; debug?: boolean }>();
  return { color: all.color !== false, debug: all.debug === true };
}

/** The entries of `values` that are given (not undefined), for passing optional flags on. */
export function definedOnly<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

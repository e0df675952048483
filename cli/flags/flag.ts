/**
 * A command-line flag, declared once: its spelling, what it holds, its description and default, the
 * modes of its command that use it and the key and value it gives the command's options. Commander's
 * options, the TypeScript type of the parsed flags, the command's options type, `--help` and
 * docs/cli.md are all derived from these declarations (cli/flags/command.ts, cli/docs.ts).
 *
 * Adding a flag is one entry in its command's table (cli/register/<command>.ts), keyed by commander's
 * attribute name (`--fp16-io` -> `fp16Io`; a wrong key stops the program being built):
 *   precision: choiceFlag('--precision <p>', 'fp32, int8 or fp16', ['fp32', 'int8', 'fp16'], { default: 'fp32' }),
 *   calibrate: textFlag('--calibrate <path>', 'int8: calibration clips', { requires: { flag: 'precision', value: 'int8' } }),
 *   keepFloat: parsedFlag('--keep-float <layers>', 'int8: layers that stay float', 'comma-separated layer names', splitList),
 * The value reaches the command's options under the same key (or `to`); `compile` passes every option
 * on to compileFile, so a compiler option of that name needs nothing else in cli/. Then
 * `npm run gen:cli-doc` regenerates docs/cli.md.
 */
import { InvalidArgumentError } from 'commander';

export interface Flag<T = unknown, HasDefault extends boolean = boolean, Mode extends string = string, Key extends string = never> {
  /** As commander spells it: `-o, --output <path>`, `--json`, `--no-autorotate`, `--explain [format]`. */
  readonly spelling: string;
  readonly description: string;
  /** What the value is, in words, for docs/cli.md: `switch`, `text`, `integer 1 to 256`, `one of: a, b`. */
  readonly type: string;
  /** Turns the text given (and the previous value, for a repeatable flag) into the value. */
  parse?(value: string, previous: T): T;
  readonly default?: T;
  readonly choices?: readonly string[];
  /** The value of `--flag` given without its optional value (`--explain` alone is `text`). */
  readonly preset?: string;
  /** Commander refuses the command without it. */
  readonly required?: boolean;
  /** The modes of the command that use the flag (every mode when absent); given in another, it is a usage error. */
  readonly modes?: readonly Mode[];
  /** Another flag (its key), or a value of one, without which this one does nothing: given alone, it is a usage error. */
  readonly requires?: Requirement;
  /** The key of the command's options that receives the value (default: the flag's own key). */
  readonly to?: Key;
  /** Type marker only: the value's type and whether it always has one. */
  readonly __value?: [T, HasDefault];
}

/** A flag (its key) that must be given, or a value it must have (`{ flag: 'precision', value: 'int8' }`). */
export type Requirement = string | { readonly flag: string; readonly value: string };

/** What every flag kind may add to its declaration. */
export interface FlagExtras<Mode extends string, Key extends string> {
  readonly modes?: readonly Mode[];
  readonly requires?: Requirement;
  readonly to?: Key;
}

/** Any flag (what a table holds, and what its code reads). */
export type AnyFlag = Flag<unknown, boolean, string, string>;
export type FlagTable = Readonly<Record<string, AnyFlag>>;

/** The parsed value of a flag: its type, or undefined too when it has no default and may be left out. */
export type FlagValue<F> = F extends Flag<infer T, infer D, string, string> ? (D extends true ? T : T | undefined) : never;

/** The values commander gives a command with flags `F`, keyed by commander's attribute names. */
export type FlagValues<F extends FlagTable> = { -readonly [K in keyof F]: FlagValue<F[K]> };

// A flag declared without modes or `to` may carry the wide `string` (inferred from the table's type): every mode, its own key.
type ModesOf<F> = F extends Flag<unknown, boolean, infer M, string> ? M : never;
type UsedIn<F, Mode extends string> = string extends Mode
  ? true
  : [ModesOf<F>] extends [never]
    ? true
    : string extends ModesOf<F>
      ? true
      : Mode extends ModesOf<F>
        ? true
        : false;
type KeyOf<F> = F extends Flag<unknown, boolean, string, infer To> ? To : never;
type TargetKey<F, K> = [KeyOf<F>] extends [never] ? K : string extends KeyOf<F> ? K : KeyOf<F>;
/** A value as a command receives it: never undefined, a list read-only (a caller may pass its own). */
type Present<T> = Exclude<T, undefined> extends (infer E)[] ? readonly E[] : Exclude<T, undefined>;

/**
 * The options object a command takes from flags `F` (every key optional, for callers other than the
 * command line), limited to the flags its mode `Mode` uses; a flag with `to` lands under that key.
 */
export type OptionsOf<F extends FlagTable, Mode extends string = string> = {
  readonly [K in keyof F as UsedIn<F[K], Mode> extends true ? TargetKey<F[K], K> & string : never]?: Present<FlagValue<F[K]>>;
};

// ---- the kinds of flag ----

/** `--json`: false unless given. */
export function switchFlag<const M extends string = never>(spelling: string, description: string, extras: FlagExtras<M, never> = {}): Flag<boolean, true, M> {
  return { spelling, description, type: 'switch', default: false, ...extras };
}

/** `--no-autorotate`: true unless the negation is given. */
export function negatedFlag<const M extends string = never>(spelling: string, description: string, extras: FlagExtras<M, never> = {}): Flag<boolean, true, M> {
  return { spelling, description, type: 'switch (on unless given)', default: true, ...extras };
}

/** `--network <name>`: a text, left out unless given (or always given, with `required`). */
export function textFlag<const M extends string = never, const To extends string = never>(
  spelling: string,
  description: string,
  extras: FlagExtras<M, To> = {},
): Flag<string, false, M, To> {
  return { spelling, description, type: 'text', ...extras };
}

/** `-o, --output <repo>` that the command cannot do without (commander refuses the command without it). */
export function requiredFlag(spelling: string, description: string): Flag<string, true> {
  return { spelling, description, type: 'text (required)', required: true };
}

/** `--set <NAME=VALUE>`: repeatable, every value kept in order. */
export function listFlag<const M extends string = never, const To extends string = never>(
  spelling: string,
  description: string,
  extras: FlagExtras<M, To> = {},
): Flag<string[], true, M, To> {
  return { spelling, description, type: 'text, repeatable', parse: (value, previous) => [...previous, value], default: [], ...extras };
}

/** An integer from 1 to `max`, with or without a default. */
export function countFlag<const M extends string = never>(
  spelling: string,
  description: string,
  max: number,
  extras?: FlagExtras<M, never>,
): Flag<number, false, M>;
export function countFlag<const M extends string = never>(
  spelling: string,
  description: string,
  max: number,
  extras: FlagExtras<M, never> & { default: number },
): Flag<number, true, M>;
export function countFlag<const M extends string>(
  spelling: string,
  description: string,
  max: number,
  extras: FlagExtras<M, never> & { default?: number } = {},
): Flag<number, boolean, M> {
  return { spelling, description: `${description} (1 to ${max})`, type: `integer, 1 to ${max}`, parse: parseCount(longName(spelling), max), ...extras };
}

/** Any integer (the command checks its range, with a diagnostic). */
export function integerFlag(spelling: string, description: string): Flag<number, false> {
  return { spelling, description, type: 'integer', parse: parseInteger };
}

/** One of `choices`, as given, or mapped to the command's value by `map`. */
export function choiceFlag<const C extends string, const M extends string = never>(
  spelling: string,
  description: string,
  choices: readonly C[],
  extras?: FlagExtras<M, never>,
): Flag<C, false, M>;
export function choiceFlag<const C extends string, const M extends string = never>(
  spelling: string,
  description: string,
  choices: readonly C[],
  extras: FlagExtras<M, never> & { default: C },
): Flag<C, true, M>;
export function choiceFlag<const C extends string, M extends string>(
  spelling: string,
  description: string,
  choices: readonly C[],
  extras: FlagExtras<M, never> & { default?: C } = {},
): Flag<C, boolean, M> {
  return { spelling, description, type: `one of: ${choices.join(', ')}`, choices, ...extras };
}

/** A flag whose text `parse` turns into the command's value (and `to` may rename). */
export function parsedFlag<T, const M extends string = never, const To extends string = never>(
  spelling: string,
  description: string,
  type: string,
  parse: (value: string) => T,
  extras: FlagExtras<M, To> & { preset?: string; choices?: readonly string[] } = {},
): Flag<T, false, M, To> {
  return { spelling, description, type, parse: (value) => parse(value), ...extras };
}

/** Like parsedFlag, with a default (given as the text the user would type, parsed like it). */
export function parsedFlagWithDefault<T, const M extends string = never, const To extends string = never>(
  spelling: string,
  description: string,
  type: string,
  parse: (value: string) => T,
  defaultText: string,
  extras: FlagExtras<M, To> & { choices?: readonly string[] } = {},
): Flag<T, true, M, To> {
  return { spelling, description, type, parse: (value) => parse(value), default: parse(defaultText), ...extras };
}

// ---- parsers ----

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

/** `--threads` of `--threads <n>`, `--output` of `-o, --output <path>`. */
export function longName(spelling: string): string {
  return spelling.split(/[ ,|]+/).find((part) => part.startsWith('--')) ?? spelling;
}

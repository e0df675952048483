/**
 * A command declared once: name, arguments, flags (cli/flags/flag.ts) and, for a command that works
 * in several modes, how a command line picks its mode. From it come commander's command, the usage
 * errors of flags the chosen mode would ignore, the options object the command runs with, and
 * docs/cli.md.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { type AnyFlag, type FlagTable, type FlagValues, type OptionsOf, longName } from './flag.js';

export interface ArgumentSpec {
  /** As commander spells it: `<file>`, `<paths...>`. */
  readonly spelling: string;
  readonly description: string;
}

export interface ModeSpec<F extends FlagTable, M extends string> {
  /** Each mode in the words of a message: `with --stream`, `without --video or --stream`. */
  readonly phrases: Readonly<Record<M, string>>;
  /** The mode a command line chose, from its flags. */
  of(flags: FlagValues<F>): M;
}

export interface CommandSpec<F extends FlagTable = FlagTable, M extends string = string> {
  readonly name: string;
  readonly description: string;
  readonly args: readonly ArgumentSpec[];
  readonly flags: F;
  readonly modes?: ModeSpec<F, M>;
}

/** Keeps the literal types of a command's declaration (its flag table and mode names). */
export function defineCommand<const F extends FlagTable, const M extends string = never>(
  spec: CommandSpec<F, M>,
): CommandSpec<F, M> & ([M] extends [never] ? unknown : { readonly modes: ModeSpec<F, M> }) {
  return spec as CommandSpec<F, M> & ([M] extends [never] ? unknown : { readonly modes: ModeSpec<F, M> });
}

/** The commander option of a declaration; its attribute name must be the declaration's key. */
export function commanderOption(key: string, flag: AnyFlag): Option {
  const option = new Option(flag.spelling, flag.description);
  if (option.attributeName() !== key) throw new Error(`flag '${flag.spelling}' is declared under '${key}', commander calls it '${option.attributeName()}'`);
  if (flag.choices) option.choices(flag.choices);
  // After choices(): commander checks the choice, then this maps it (choices() alone would keep the text).
  if (flag.parse) {
    const parse = flag.parse.bind(flag);
    const choices = flag.choices;
    option.argParser((value: string, previous: unknown) => {
      if (choices && !choices.includes(value)) throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
      return parse(value, previous);
    });
  }
  if (flag.default !== undefined && !option.negate) option.default(flag.default);
  if (flag.preset !== undefined) option.preset(flag.preset);
  if (flag.required) option.makeOptionMandatory();
  return option;
}

/** The commander command of `spec`, with its arguments and options (the caller adds the action). */
export function addCommand(program: Command, spec: CommandSpec): Command {
  const command = program.command(spec.name).description(spec.description);
  for (const arg of spec.args) command.argument(arg.spelling, arg.description);
  for (const [key, flag] of Object.entries(spec.flags)) command.addOption(commanderOption(key, flag));
  return command;
}

/** The keys of the flags given on the command line (not left at their defaults). */
export function givenFlags(command: Command, flags: FlagTable): string[] {
  return Object.keys(flags).filter((key) => command.getOptionValueSource(key) === 'cli');
}

/**
 * The usage error of a flag given where it does nothing: in a mode that does not use it
 * (`--save-output has no effect with --stream (it is used without --video or --stream)`), or without
 * the flag it needs (`--weights-key has no effect without --weights`). Undefined when every flag counts.
 */
export function ignoredFlag<F extends FlagTable, M extends string>(
  spec: CommandSpec<F, M>,
  values: FlagValues<F>,
  given: readonly string[],
): string | undefined {
  const mode = spec.modes?.of(values);
  for (const key of given) {
    const flag = spec.flags[key] as AnyFlag;
    const name = longName(flag.spelling);
    if (spec.modes && mode !== undefined && flag.modes && !flag.modes.includes(mode)) {
      const used = flag.modes.map((m) => spec.modes?.phrases[m as M]).join(', or ');
      return `${name} has no effect ${spec.modes.phrases[mode]} (it is used ${used})`;
    }
    const needs = requirement(spec.flags, flag);
    if (needs && !needs.met(values as Record<string, unknown>, given)) return `${name} has no effect without ${needs.text}`;
  }
  return undefined;
}

/** What `flag` requires, in words (`--weights`, `--precision int8`), and whether a command line meets it. */
export function requirement(
  flags: FlagTable,
  flag: AnyFlag,
): { text: string; met: (values: Record<string, unknown>, given: readonly string[]) => boolean } | undefined {
  const needs = flag.requires;
  if (needs === undefined) return undefined;
  const key = typeof needs === 'string' ? needs : needs.flag;
  const other = flags[key];
  if (other === undefined) throw new Error(`flag '${flag.spelling}' requires '${key}', which is not declared`);
  if (typeof needs === 'string') return { text: longName(other.spelling), met: (_values, given) => given.includes(key) };
  return { text: `${longName(other.spelling)} ${needs.value}`, met: (values) => values[key] === needs.value };
}

/**
 * The options object of the flags mode `mode` uses: each value under its key (or its `to`), values
 * left undefined left out.
 */
export function optionsOf<F extends FlagTable, M extends string>(flags: F, values: FlagValues<F>, mode?: M): OptionsOf<F, M> {
  const out: Record<string, unknown> = {};
  for (const [key, flag] of Object.entries(flags)) {
    const value = (values as Record<string, unknown>)[key];
    if (value === undefined || (mode !== undefined && flag.modes && !flag.modes.includes(mode))) continue;
    out[flag.to ?? key] = value;
  }
  return out as OptionsOf<F, M>;
}

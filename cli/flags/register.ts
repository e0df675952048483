import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { fail } from '../error-report.js';
import type { GlobalOptions, ProgramHost } from '../program-host.js';
import { type CommandSpec, addCommand, givenFlags, ignoredFlag } from './command.js';
import { type FlagTable, type FlagValues, longName } from './flag.js';

/** What a command runs with: its arguments (a variadic one as an array), its flags, its context. */
export type CommandAction<F extends FlagTable> = (
  args: readonly unknown[],
  flags: FlagValues<F>,
  ctx: CliContext,
  globals: GlobalOptions,
  given: readonly string[],
) => Promise<number> | number;

/**
 * Adds `spec` to the program with `action` behind it. A flag given where the chosen mode ignores it
 * (or without the flag it needs) stops the command first: one line naming both, exit 2.
 */
export function registerCommand<F extends FlagTable, M extends string>(
  program: Command,
  host: ProgramHost,
  spec: CommandSpec<F, M>,
  action: CommandAction<F>,
): void {
  const command = addCommand(program, spec);
  SPECS.set(command, spec);
  const help = modesHelp(spec);
  if (help !== '') command.addHelpText('after', help);
  command.action(async (...params: unknown[]) => {
    const cmd = params[params.length - 1] as Command;
    const globals = globalsOf(cmd);
    const ctx = host.context(globals);
    const flags = cmd.opts<FlagValues<F>>();
    const given = givenFlags(cmd, spec.flags);
    const ignored = ignoredFlag(spec, flags, given);
    if (ignored !== undefined) return host.exit(fail(ctx, 'usage', ignored));
    host.exit(await action(params.slice(0, spec.args.length), flags, ctx, globals, given));
  });
}

/** The declaration each registered command came from, for docs/cli.md (cli/docs.ts). */
const SPECS = new WeakMap<Command, CommandSpec>();

export function specOf(command: Command): CommandSpec | undefined {
  return SPECS.get(command);
}

export function globalsOf(cmd: Command): GlobalOptions {
  const all = cmd.optsWithGlobals<{ color?: boolean; debug?: boolean }>();
  return { color: all.color !== false, debug: all.debug === true };
}

/** `Modes:` and, for each, the flags only some modes use: what `--help` and docs/cli.md show. */
export function modeLines<F extends FlagTable, M extends string>(spec: CommandSpec<F, M>): string[] {
  if (!spec.modes) return [];
  return (Object.entries(spec.modes.phrases) as [M, string][]).map(([mode, phrase]) => {
    const only = Object.values(spec.flags).filter((f) => f.modes?.includes(mode));
    return `${mode} (${phrase}): ${only.map((f) => longName(f.spelling)).join(', ')}`;
  });
}

function modesHelp<F extends FlagTable, M extends string>(spec: CommandSpec<F, M>): string {
  const lines = modeLines(spec);
  if (lines.length === 0) return '';
  return `\nModes: every mode uses the options not listed here; these are used only in the modes that list them\n(given in another mode, an option is an error, exit 2):\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

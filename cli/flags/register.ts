import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { fail } from '../error-report.js';
import type { GlobalOptions, ProgramHost } from '../program-host.js';
import { type CommandSpec, addCommand, givenFlags, ignoredFlag } from './command.js';
import type { FlagTable, FlagValues } from './flag.js';

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
export function registerCommand<F extends FlagTable, M extends string>(program: Command, host: ProgramHost, spec: CommandSpec<F, M>, action: CommandAction<F>): void {
  const command = addCommand(program, spec as unknown as CommandSpec);
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

export function globalsOf(cmd: Command): GlobalOptions {
  const all = cmd.optsWithGlobals<{ color?: boolean; debug?: boolean }>();
  return { color: all.color !== false, debug: all.debug === true };
}

/** `Modes:` and, for each, the flags only some modes use: what `--help` and docs/cli.md show. */
export function modeLines<F extends FlagTable, M extends string>(spec: CommandSpec<F, M>): string[] {
  if (!spec.modes) return [];
  return (Object.entries(spec.modes.phrases) as [M, string][]).map(([mode, phrase]) => {
    const only = Object.values(spec.flags).filter((f) => f.modes !== undefined && f.modes.includes(mode));
    return `${mode} (${phrase}): ${only.map((f) => f.spelling.replace(/ .*/, '')).join(', ')}`;
  });
}

function modesHelp<F extends FlagTable, M extends string>(spec: CommandSpec<F, M>): string {
  const lines = modeLines(spec);
  if (lines.length === 0) return '';
  return `\nModes (a flag another mode uses is an error, exit 2); each uses every flag above not listed here, and:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

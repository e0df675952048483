import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { importsFlag, setFlag } from '../options.js';
import { REPORT_FORMATS } from '../report.js';
import { COLUMN_UNITS } from '../../base/diagnostics/columns.js';
import { defineCommand, optionsOf } from '../flags/command.js';
import { choiceFlag, parseWholeNumber, parsedFlagWithDefault, switchFlag } from '../flags/flag.js';
import { registerCommand } from '../flags/register.js';

export const CHECK = defineCommand({
  name: 'check',
  description: 'check .vnet files (directories are searched for *.vnet) and report every problem',
  args: [{ spelling: '<paths...>', description: '.vnet files or directories' }],
  flags: {
    format: choiceFlag('--format <format>', 'report format', REPORT_FORMATS, { default: 'text' }),
    strict: switchFlag('--strict', 'warnings fail the check (exit 1)'),
    set: setFlag(),
    maxErrors: parsedFlagWithDefault(
      '--max-errors <n>',
      'text and compact formats: errors shown per file, then a count of the rest (0: all)',
      'whole number',
      parseWholeNumber,
      '100',
    ),
    columns: choiceFlag(
      '--columns <unit>',
      'what text, compact and github columns count: chars (the default: characters, as most compilers), bytes (UTF-8: Vim, Emacs) or utf16 (LSP); json and sarif count UTF-16 code units',
      COLUMN_UNITS,
    ),
    allowImportsOutside: importsFlag(),
  },
});

export const registerCheck: CommandRegistration = (program: Command, host: ProgramHost): void => {
  registerCommand(program, host, CHECK, async (args, flags, ctx) => {
    const { runCheck } = await import('../commands/check.js');
    return runCheck(
      { paths: args[0] as string[], ...optionsOf(CHECK.flags, flags), format: flags.format, strict: flags.strict, set: flags.set, toolVersion: host.version },
      ctx,
    );
  });
};

import { type Command, Option } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { collect, globalsOf, parseWholeNumber } from '../options.js';
import { REPORT_FORMATS, type ReportFormat } from '../report.js';
import { COLUMN_UNITS, type ColumnUnit } from '../../base/diagnostics/columns.js';

export const registerCheck: CommandRegistration = (program: Command, host: ProgramHost): void => {
  program
    .command('check')
    .description('check .vnet files (directories are searched for *.vnet) and report every problem')
    .argument('<paths...>', '.vnet files or directories')
    .addOption(new Option('--format <format>', 'report format').choices(REPORT_FORMATS).default('text'))
    .option('--strict', 'warnings fail the check (exit 1)', false)
    .option('--set <NAME=VALUE>', 'override a top-level constant (repeatable)', collect, [])
    .option('--max-errors <n>', 'text and compact formats: errors shown per file, then a count of the rest (0: all)', parseWholeNumber, 100)
    .addOption(
      new Option(
        '--columns <unit>',
        'what text, compact and github columns count: chars (the default: characters, as most compilers), bytes (UTF-8: Vim, Emacs) or utf16 (LSP); json and sarif count UTF-16 code units',
      ).choices(COLUMN_UNITS),
    )
    .option('--allow-imports-outside', 'let imports read files outside the project root (see README: Security)', false)
    .action(
      async (
        paths: string[],
        opts: { format: ReportFormat; strict: boolean; set: string[]; maxErrors: number; allowImportsOutside: boolean; columns?: ColumnUnit },
        cmd: Command,
      ) => {
        const { runCheck } = await import('../commands/check.js');
        const options = {
          paths,
          format: opts.format,
          strict: opts.strict,
          set: opts.set,
          maxErrors: opts.maxErrors,
          toolVersion: host.version,
          allowImportsOutside: opts.allowImportsOutside,
          ...(opts.columns !== undefined ? { columns: opts.columns } : {}),
        };
        host.exit(await runCheck(options, host.context(globalsOf(cmd))));
      },
    );
};

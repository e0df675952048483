/**
 * docs/cli.md, generated from the program: every command commander registers, with the declaration
 * it came from (cli/flags): its synopsis, arguments, flags with their types, defaults and the modes
 * that use them. `npm run gen:cli-doc` writes it; a test fails when it is stale.
 */
import type { Command } from 'commander';
import { type CommandSpec, requirement } from './flags/command.js';
import type { AnyFlag } from './flags/flag.js';
import { modeLines, specOf } from './flags/register.js';
import { buildProgram } from './program.js';

export function cliMarkdown(): string {
  const program = buildProgram({
    version: '0.0.0',
    context: () => ({ stdout: () => {}, stderr: () => {}, color: false, debug: false, cwd: '.' }),
    exit: () => {},
  });
  const lines = [
    '# Command line reference',
    '',
    'Generated from the program (`cli/register/*.ts`, one declaration per command) by `npm run gen:cli-doc`; do not edit.',
    '',
    '`vnetc [--debug] [--no-color] <command> [options]`. Exit codes: 0 clean, 1 problems found in the input (a program, model,',
    'video or file), 2 usage, I/O or internal error. A flag given where it has no effect (a mode that does not use it, or',
    'without the flag it needs) is a usage error naming both, exit 2.',
    '',
    '| global option | what it does |',
    '|---|---|',
    ...program.options.map((o) => `| \`${o.flags}\` | ${cell(o.description)} |`),
    '',
    '| command | what it does |',
    '|---|---|',
    ...program.commands.map((c) => `| [\`${c.name()}\`](#vnetc-${c.name()}) | ${cell(c.description())} |`),
    '',
  ];
  for (const command of program.commands) {
    const spec = specOf(command);
    if (spec) lines.push(...commandSection(command, spec));
  }
  return `${lines.join('\n')}`;
}

function commandSection(command: Command, spec: CommandSpec): string[] {
  const lines = [`## vnetc ${spec.name}`, '', `${spec.description}.`, '', '```', `vnetc ${spec.name} ${command.usage()}`, '```', ''];
  if (spec.args.length > 0) {
    lines.push('| argument | what it is |', '|---|---|', ...spec.args.map((a) => `| \`${code(a.spelling)}\` | ${cell(a.description)} |`), '');
  }
  const flags = Object.values(spec.flags);
  if (flags.length > 0) {
    const modes = spec.modes !== undefined;
    lines.push(
      `| flag | value | default | what it does |${modes ? ' modes |' : ''}`,
      `|---|---|---|---|${modes ? '---|' : ''}`,
      ...flags.map(
        (f) =>
          `| \`${code(f.spelling)}\` | ${cell(f.type)} | ${defaultText(f)} | ${cell(f.description)}${needs(f, spec)} |${modes ? ` ${f.modes?.join(', ') ?? 'all'} |` : ''}`,
      ),
      '',
    );
  }
  if (spec.modes) {
    lines.push('Modes (each also takes every flag whose modes are `all`):', '');
    for (const line of modeLines(spec)) {
      const [mode, list = ''] = line.split(': ');
      lines.push(
        `- ${mode}: ${
          list === ''
            ? 'no other flags'
            : list
                .split(', ')
                .map((f) => `\`${f}\``)
                .join(', ')
        }`,
      );
    }
    lines.push('');
  }
  return lines;
}

function needs(flag: AnyFlag, spec: CommandSpec): string {
  const needed = requirement(spec.flags, flag);
  return needed ? ` (needs \`${needed.text}\`)` : '';
}

function defaultText(flag: AnyFlag): string {
  const value = flag.default;
  if (value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : `\`${value.join(', ')}\``;
  return `\`${String(value)}\``;
}

/** Text inside a table cell: a `|` would end the cell, a newline the row, `<file>` would be read as HTML. */
function cell(text: string): string {
  return code(text).replace(/</g, '&lt;');
}

/** Text inside a code span inside a table cell (where only `|` needs escaping). */
function code(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

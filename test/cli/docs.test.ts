import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliMarkdown } from '../../cli/docs.js';
import { buildProgram } from '../../cli/program.js';
import { longName } from '../../cli/flags/flag.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const program = () =>
  buildProgram({ version: '0.0.0', context: () => ({ stdout: () => {}, stderr: () => {}, color: false, debug: false, cwd: '.' }), exit: () => {} });

describe('docs/cli.md', () => {
  it('is what the program generates (npm run gen:cli-doc)', () => {
    expect(readFileSync(`${ROOT}docs/cli.md`, 'utf8')).toBe(cliMarkdown());
  });

  it('names every command and every flag commander registers, with the synopsis --help prints', () => {
    const doc = cliMarkdown();
    for (const command of program().commands) {
      expect(doc).toContain(`## vnetc ${command.name()}\n`);
      expect(doc).toContain(`vnetc ${command.name()} ${command.usage()}\n`);
      for (const option of command.options) expect(doc, `${command.name()} ${option.flags}`).toContain(`| \`${option.flags.replace(/\|/g, '\\|')}\` |`);
    }
  });

  it("lists run's modes with the flags only they use", () => {
    expect(cliMarkdown()).toContain('- stream-video (with --stream --video): `--window`, `--no-autorotate`, `--every`\n');
  });

  it('every declared flag is spelled as commander names its value (a mismatch stops the program being built)', () => {
    for (const command of program().commands) for (const option of command.options) expect(longName(option.flags)).toBe(option.long);
  });
});

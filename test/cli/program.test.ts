import { describe, expect, test } from 'vitest';
import { runProgram } from '../../cli/program.js';
import { runVnetc as vnetc } from './helpers.js';

describe('vnetc command line', () => {
  test('--help lists the commands and the exit codes, exit 0', async () => {
    const { code, out } = await vnetc(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: vnetc [options] [command]');
    expect(out).toMatch(/check \[options\] <paths\.\.\.>/);
    expect(out).toMatch(/fmt \[options\] <paths\.\.\.>/);
    expect(out).toContain('--no-color');
    expect(out).toContain('Exit codes: 0 clean, 1 problems found, 2 usage, I/O or internal error.');
  });

  test('check --help lists its options', async () => {
    const { code, out } = await vnetc(['check', '--help']);
    const flat = out.replace(/\s+/g, ' ');
    expect(code).toBe(0);
    expect(flat).toContain('--format <format> report format (choices: "text", "compact", "json", "github", "sarif", default: "text")');
    expect(out).toContain('--strict');
    expect(out).toContain('--set <NAME=VALUE>');
  });

  test('--version prints the version, exit 0', async () => {
    expect(await vnetc(['--version'])).toEqual({ code: 0, out: '9.9.9\n', err: '' });
  });

  test('an unknown option is a usage error: commander message, exit 2, no stack', async () => {
    const { code, err } = await vnetc(['check', '--frobnicate', 'x.vnet']);
    expect(code).toBe(2);
    expect(err).toContain("error: unknown option '--frobnicate'");
    expect(err).not.toContain('    at ');
  });

  test('a missing argument, an unknown command, a bad --format choice, no command: exit 2', async () => {
    expect((await vnetc(['check'])).err).toContain("error: missing required argument 'paths'");
    expect((await vnetc(['check'])).code).toBe(2);
    expect((await vnetc(['chekc', 'x'])).err).toContain('(Did you mean check?)');
    expect((await vnetc(['chekc', 'x'])).code).toBe(2);
    const badFormat = await vnetc(['check', '--format', 'xml', 'x.vnet']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.err).toContain("option '--format <format>' argument 'xml' is invalid");
    expect((await vnetc([])).code).toBe(2);
  });

  test('a bug inside a command is one line and exit 2; --debug adds the stack', async () => {
    const boom = () => {
      throw new Error('boom');
    };
    let err = '';
    const host = { version: '1', context: boom, writeErr: (t: string) => void (err += t) };
    expect(await runProgram(host, ['fmt', 'x.vnet'])).toBe(2);
    expect(err).toBe('vnetc: internal error: boom (please report it; rerun with --debug for the stack)\n');
    err = '';
    expect(await runProgram(host, ['--debug', 'fmt', 'x.vnet'])).toBe(2);
    expect(err.split('\n').length).toBeGreaterThan(3);
    expect(err).toContain('Error: boom');
  });
});

/**
 * The flag declarations (cli/flags): one table gives commander's options, the parsed values' type, the
 * command's options type and the usage errors of flags given where they do nothing.
 */
import { Command } from 'commander';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { addCommand, defineCommand, givenFlags, ignoredFlag, optionsOf } from '../../cli/flags/command.js';
import { choiceFlag, countFlag, type FlagValues, listFlag, type OptionsOf, parsedFlag, switchFlag, textFlag } from '../../cli/flags/flag.js';

/** A compile-like command, declared as the int8 flags would be. */
const DEMO = defineCommand({
  name: 'demo',
  description: 'a command to test the declarations',
  args: [{ spelling: '<file>', description: 'a file' }],
  flags: {
    output: textFlag('-o, --output <path>', 'where to write'),
    precision: choiceFlag('--precision <precision>', 'fp32, int8 or fp16', ['fp32', 'int8', 'fp16'], { default: 'fp32' }),
    calibrate: textFlag('--calibrate <path>', 'int8: calibration clips', { requires: { flag: 'precision', value: 'int8' } }),
    keepFloat: parsedFlag('--keep-float <layers>', 'int8: layers that stay float', 'comma-separated layer names', (v) => v.split(','), {
      requires: { flag: 'precision', value: 'int8' },
      to: 'float',
    }),
    window: countFlag('--window <n>', 'frames', 100, { default: 8, modes: ['stream'] }),
    set: listFlag('--set <NAME=VALUE>', 'constants'),
    stream: switchFlag('--stream', 'stream it'),
  },
  modes: { phrases: { clip: 'without --stream', stream: 'with --stream' }, of: (flags) => (flags.stream ? 'stream' : 'clip') },
});

function parse(argv: string[]): { command: Command; values: FlagValues<typeof DEMO.flags> } {
  const program = new Command().exitOverride();
  const command = addCommand(program, DEMO).action(() => {});
  program.parse(['demo', 'f', ...argv], { from: 'user' });
  return { command, values: command.opts() };
}

describe('flag declarations', () => {
  it('give the parsed values their types: a default makes a value always present', () => {
    expectTypeOf<FlagValues<typeof DEMO.flags>>().toEqualTypeOf<{
      output: string | undefined;
      precision: 'fp32' | 'int8' | 'fp16';
      calibrate: string | undefined;
      keepFloat: string[] | undefined;
      window: number;
      set: string[];
      stream: boolean;
    }>();
  });

  it("give the command's options type: optional keys, `to` renames, a mode keeps only its flags", () => {
    expectTypeOf<OptionsOf<typeof DEMO.flags, 'clip'>>().toEqualTypeOf<{
      readonly output?: string;
      readonly precision?: 'fp32' | 'int8' | 'fp16';
      readonly calibrate?: string;
      readonly float?: readonly string[];
      readonly set?: readonly string[];
      readonly stream?: boolean;
    }>();
    const { values } = parse(['--precision', 'int8', '--keep-float', 'a,b']);
    expect(optionsOf(DEMO.flags, values, 'clip')).toEqual({ precision: 'int8', float: ['a', 'b'], set: [], stream: false });
  });

  it('parse values as commander does: defaults, choices, repeats', () => {
    expect(parse([]).values).toEqual({ precision: 'fp32', window: 8, set: [], stream: false });
    expect(parse(['--set', 'A=1', '--set', 'B=2']).values.set).toEqual(['A=1', 'B=2']);
    expect(() => parse(['--precision', 'int4'])).toThrow(/Allowed choices are fp32, int8, fp16/);
    expect(() => parse(['--window', '0'])).toThrow(/--window must be an integer from 1 to 100, got '0'/);
  });

  it('a flag without the value it needs, or in a mode that does not use it, is named with the reason', () => {
    const problem = (argv: string[]) => {
      const { command, values } = parse(argv);
      return ignoredFlag(DEMO, values, givenFlags(command, DEMO.flags));
    };
    expect(problem(['--calibrate', 'clips'])).toBe('--calibrate has no effect without --precision int8');
    expect(problem(['--precision', 'fp16', '--keep-float', 'a'])).toBe('--keep-float has no effect without --precision int8');
    expect(problem(['--precision', 'int8', '--calibrate', 'clips'])).toBeUndefined();
    expect(problem(['--window', '4'])).toBe('--window has no effect without --stream (it is used with --stream)');
    // Left at its default, a flag of another mode is no error.
    expect(problem([])).toBeUndefined();
    expect(problem(['--stream', '--window', '4'])).toBeUndefined();
  });

  it('a declaration under a key commander would not use is refused when the program is built', () => {
    const wrong = defineCommand({ name: 'x', description: 'x', args: [], flags: { outputs: textFlag('--output <path>', 'o') } });
    expect(() => addCommand(new Command(), wrong)).toThrow("flag '--output <path>' is declared under 'outputs', commander calls it 'output'");
  });
});

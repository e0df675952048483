import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { setFlag } from '../options.js';
import { defineCommand, optionsOf } from '../flags/command.js';
import { switchFlag, textFlag } from '../flags/flag.js';
import { registerCommand } from '../flags/register.js';

export const WEIGHTS = defineCommand({
  name: 'weights',
  description: 'show what a weights file holds (safetensors or PyTorch checkpoint), or convert it to safetensors',
  args: [{ spelling: '<file>', description: 'a .safetensors file or PyTorch checkpoint (.pth, .pt, .pth.tar, .pyth, .ckpt, .bin)' }],
  flags: {
    weightsKey: textFlag('--weights-key <key>', 'the checkpoint entry holding the state dict', { to: 'key' }),
    weightsMap: textFlag('--weights-map <file>', "rename rules, one 'PATTERN => REPLACEMENT' per line", { to: 'map', requires: 'for' }),
    to: textFlag('--to <out.safetensors>', 'write the float tensors as safetensors (f32)'),
    for: textFlag('--for <net.vnet>', "exactly the network's parameters, under its names", { modes: ['convert'] }),
    network: textFlag('--network <name>', 'the network of the --for file', { requires: 'for' }),
    set: setFlag('override a top-level constant of the --for file (repeatable)', { requires: 'for', to: 'sets' }),
    list: switchFlag('--list', 'print every tensor: name, dtype, shape', { modes: ['inspect'] }),
  },
  modes: {
    phrases: { inspect: 'without --to', convert: 'with --to' },
    of: (flags) => (flags.to === undefined ? 'inspect' : 'convert'),
  },
});

export const registerWeights: CommandRegistration = (program: Command, host: ProgramHost): void => {
  registerCommand(program, host, WEIGHTS, async (args, flags, ctx) => {
    const { weightsCommand } = await import('../commands/weights.js');
    return weightsCommand({ file: args[0] as string, ...optionsOf(WEIGHTS.flags, flags) }, ctx);
  });
};

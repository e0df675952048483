import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { collect, globalsOf } from '../options.js';

export const registerWeights: CommandRegistration = (program: Command, host: ProgramHost): void => {
  program
    .command('weights')
    .description('show what a weights file holds (safetensors or PyTorch checkpoint), or convert it to safetensors')
    .argument('<file>', 'a .safetensors file or PyTorch checkpoint (.pth, .pt, .pth.tar, .pyth, .ckpt, .bin)')
    .option('--weights-key <key>', 'the checkpoint entry holding the state dict')
    .option('--weights-map <file>', "rename rules, one 'PATTERN => REPLACEMENT' per line (with --for)")
    .option('--to <out.safetensors>', 'write the float tensors as safetensors (f32)')
    .option('--for <net.vnet>', "with --to: exactly the network's parameters, under its names")
    .option('--network <name>', 'with --for: the network of the file')
    .option('--set <NAME=VALUE>', 'with --for: override a top-level constant (repeatable)', collect, [])
    .option('--list', 'print every tensor: name, dtype, shape', false)
    .action(async (file: string, opts: WeightsFlags, cmd: Command) => {
      const { weightsCommand } = await import('../commands/weights.js');
      const code = await weightsCommand(
        {
          file,
          list: opts.list,
          sets: opts.set,
          ...(opts.weightsKey !== undefined ? { key: opts.weightsKey } : {}),
          ...(opts.weightsMap !== undefined ? { map: opts.weightsMap } : {}),
          ...(opts.to !== undefined ? { to: opts.to } : {}),
          ...(opts.for !== undefined ? { for: opts.for } : {}),
          ...(opts.network !== undefined ? { network: opts.network } : {}),
        },
        host.context(globalsOf(cmd)),
      );
      host.exit(code);
    });
};

export interface WeightsFlags {
  weightsKey?: string;
  weightsMap?: string;
  to?: string;
  for?: string;
  network?: string;
  set: string[];
  list: boolean;
}

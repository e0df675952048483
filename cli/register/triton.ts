import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { globalsOf, parseInteger } from '../options.js';

export const registerTriton: CommandRegistration = (program: Command, host: ProgramHost): void => {
  program
    .command('triton')
    .description('write a Triton Inference Server model repository: dynamic batching, or sequence batching with implicit state for online models')
    .argument('<models...>', '.onnx models compiled by vnetc (online ones with --online)')
    .requiredOption('-o, --output <repo>', 'the model repository folder (created when missing)')
    .option('--max-batch <n>', 'max_batch_size: clips per batch, or concurrent streams of an online model (default 8)', parseInteger)
    .option('--instances <n>', 'model instances (default 1)', parseInteger)
    .option('--gpu', 'GPU instances; fails if a node has no onnxruntime CUDA kernel', false)
    .option('--name <name>', "the model's name in the repository (one model; default: the file's stem)")
    .option('--force', 'replace a model folder that vnetc triton did not write (it replaces its own without this)', false)
    .action(async (models: string[], opts: { output: string; maxBatch?: number; instances?: number; gpu: boolean; name?: string; force: boolean }, cmd: Command) => {
      const { tritonCommand } = await import('../commands/triton.js');
      host.exit(await tritonCommand({ models, ...opts }, host.context(globalsOf(cmd))));
    });
};

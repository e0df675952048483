import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { globalsOf, parseInteger } from '../options.js';

export const registerTriton: CommandRegistration = (program: Command, host: ProgramHost): void => {
  program
    .command('triton')
    .description('write a Triton Inference Server model repository: dynamic batching, or sequence batching with implicit state for online models; labels and preprocessing parameters from the model (docs/triton.md)')
    .argument('<models...>', '.onnx models compiled by vnetc (online ones with --online)')
    .requiredOption('-o, --output <repo>', 'the model repository folder (created when missing)')
    .option('--max-batch <n>', 'max_batch_size: clips per batch, or streams batched together by an online model (default 8)', parseInteger)
    .option('--max-sequences <n>', 'online models: streams each instance holds a slot and state for (max_candidate_sequences; default 4 x --max-batch); more wait for a slot', parseInteger)
    .option('--sequence-idle-ms <ms>', 'online models: a stream silent this long loses its slot and state (max_sequence_idle_microseconds; default 5000)', parseInteger)
    .option('--instances <n>', 'model instances (default 1)', parseInteger)
    .option('--gpu', 'GPU instances; fails for an ort-cpu model, or if a node has no onnxruntime CUDA kernel', false)
    .option('--name <name>', "the model's name in the repository (one model; default: the file's stem)")
    .option('--force', 'replace a model folder that vnetc triton did not write (it replaces its own without this)', false)
    .action(async (models: string[], opts: { output: string; maxBatch?: number; maxSequences?: number; sequenceIdleMs?: number; instances?: number; gpu: boolean; name?: string; force: boolean }, cmd: Command) => {
      const { tritonCommand } = await import('../commands/triton.js');
      host.exit(await tritonCommand({ models, ...opts }, host.context(globalsOf(cmd))));
    });
};

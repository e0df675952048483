import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { defineCommand, optionsOf } from '../flags/command.js';
import { integerFlag, requiredFlag, switchFlag, textFlag } from '../flags/flag.js';
import { registerCommand } from '../flags/register.js';

export const TRITON = defineCommand({
  name: 'triton',
  description:
    'write a Triton Inference Server model repository: dynamic batching, or sequence batching with implicit state for online models; labels and preprocessing parameters from the model (docs/triton.md)',
  args: [{ spelling: '<models...>', description: '.onnx models compiled by vnetc (online ones with --online)' }],
  flags: {
    output: requiredFlag('-o, --output <repo>', 'the model repository folder (created when missing)'),
    maxBatch: integerFlag('--max-batch <n>', 'max_batch_size: clips per batch, or streams batched together by an online model (default 8)'),
    maxSequences: integerFlag(
      '--max-sequences <n>',
      'online models: streams each instance holds a slot and state for (max_candidate_sequences; default 4 x --max-batch); more wait for a slot',
    ),
    sequenceIdleMs: integerFlag(
      '--sequence-idle-ms <ms>',
      'online models: a stream silent this long loses its slot and state (max_sequence_idle_microseconds; default 5000)',
    ),
    instances: integerFlag('--instances <n>', 'model instances (default 1)'),
    gpu: switchFlag('--gpu', 'GPU instances; fails for an ort-cpu model, or if a node has no onnxruntime CUDA kernel'),
    name: textFlag('--name <name>', "the model's name in the repository (one model; default: the file's stem)"),
    force: switchFlag('--force', 'replace a model folder that vnetc triton did not write (it replaces its own without this)'),
  },
});

export const registerTriton: CommandRegistration = (program: Command, host: ProgramHost): void => {
  registerCommand(program, host, TRITON, async (args, flags, ctx) => {
    const { tritonCommand } = await import('../commands/triton.js');
    return tritonCommand({ models: args[0] as string[], ...optionsOf(TRITON.flags, flags), output: flags.output }, ctx);
  });
};

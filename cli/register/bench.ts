import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { MAX_RUNS, MAX_THREADS } from '../options.js';
import { defineCommand } from '../flags/command.js';
import { countFlag, switchFlag } from '../flags/flag.js';
import { registerCommand } from '../flags/register.js';

export const BENCH = defineCommand({
  name: 'bench',
  description: 'time TSN, TSM (-O0 and -O2 ort-cpu) and the torch export of TSM-ResNet50 on onnxruntime CPU',
  args: [],
  flags: {
    runs: countFlag('--runs <n>', 'timed runs per model', MAX_RUNS, { default: 10 }),
    threads: countFlag('--threads <n>', 'intra-op threads', MAX_THREADS, { default: 2 }),
    quick: switchFlag('--quick', 'small inputs (for a smoke test)'),
    inplace: switchFlag('--inplace', 'also time TSM with the in-place shift (tsm_resnet50_inplace)'),
  },
});

export const registerBench: CommandRegistration = (program: Command, host: ProgramHost): void => {
  registerCommand(program, host, BENCH, async (_args, flags, ctx) => {
    const { benchCommand } = await import('../commands/bench.js');
    return benchCommand(flags, ctx);
  });
};

import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { MAX_RUNS, MAX_THREADS, globalsOf, parseCount } from '../options.js';

export const registerBench: CommandRegistration = (program: Command, host: ProgramHost): void => {
  program
    .command('bench')
    .description('time TSN, TSM (-O0 and -O2 ort-cpu) and the torch export of TSM-ResNet50 on onnxruntime CPU')
    .option('--runs <n>', `timed runs per model (1 to ${MAX_RUNS})`, parseCount('--runs', MAX_RUNS), 10)
    .option('--threads <n>', `intra-op threads (1 to ${MAX_THREADS})`, parseCount('--threads', MAX_THREADS), 2)
    .option('--quick', 'small inputs (for a smoke test)', false)
    .option('--inplace', 'also time TSM with the in-place shift (tsm_resnet50_inplace)', false)
    .action(async (opts: { runs: number; threads: number; quick: boolean; inplace: boolean }, cmd: Command) => {
      const ctx = host.context(globalsOf(cmd));
      const { benchCommand } = await import('../commands/bench.js');
      host.exit(await benchCommand(opts, ctx));
    });
};

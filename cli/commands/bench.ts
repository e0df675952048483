import { benchTsm, type TsmBenchOptions } from '../../bench/tsm.js';
import type { CliContext } from '../context.js';

/** `vnetc bench`: the TSN / TSM / torch-export latency comparison of bench/tsm.ts. */
export async function benchCommand(options: TsmBenchOptions, ctx: CliContext): Promise<number> {
  return benchTsm(options, (line) => ctx.stdout(`${line}\n`));
}

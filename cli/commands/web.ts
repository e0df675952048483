import * as path from 'node:path';
import { readBinary } from '../../runtime/files.js';
import { RuntimeError } from '../../runtime/errors.js';
import { readLabels } from '../../runtime/labels.js';
import { serveSite } from '../../web/site/serve.js';
import { SiteError } from '../../web/site/site-error.js';
import { writeSite } from '../../web/site/write-site.js';
import { type CliContext, ExitCode } from '../context.js';

export interface WebCommandOptions {
  /** An online .onnx model (compiled with --online, target web or portable). */
  readonly model: string;
  readonly output: string;
  readonly labels?: string;
  readonly window: number;
  readonly serve: boolean;
  readonly port: number;
}

/**
 * `vnetc web MODEL.onnx -o DIR`: writes the static site that streams the model in a browser; with
 * --serve, serves it on 127.0.0.1 with cross-origin isolation until interrupted.
 */
export async function webCommand(options: WebCommandOptions, ctx: CliContext, stop?: Promise<void>): Promise<number> {
  try {
    const model = await readBinary(path.resolve(ctx.cwd, options.model), options.model);
    const labels = options.labels ? await readLabels(path.resolve(ctx.cwd, options.labels), options.labels) : undefined;
    const outDir = path.resolve(ctx.cwd, options.output);
    const files = await writeSite({ model, shown: options.model, outDir, window: options.window, ...(labels ? { labels } : {}) });
    ctx.stdout(`wrote ${files.length} files to ${path.relative(ctx.cwd, outDir) || '.'}: ${files.join(', ')}\n`);
    if (!options.serve) return ExitCode.Ok;
    const site = await serveSite(outDir, options.port).catch((error: Error) => {
      throw new SiteError('io', `cannot serve on 127.0.0.1:${options.port}: ${error.message}`);
    });
    ctx.stdout(`serving ${site.url} (camera) and ${site.url}?clip=URL.npy (a clip); Ctrl-C stops\n`);
    await (stop ?? new Promise<void>((resolve) => process.once('SIGINT', () => resolve())));
    await site.close();
    return ExitCode.Ok;
  } catch (error) {
    if (error instanceof SiteError || error instanceof RuntimeError) {
      ctx.stderr(`vnetc: ${error.message}\n`);
      return error.kind === 'usage' || error.kind === 'io' ? ExitCode.Usage : ExitCode.Problems;
    }
    throw error;
  }
}

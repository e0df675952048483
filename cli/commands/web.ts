import * as path from 'node:path';
import { readBinary } from '../../runtime/files.js';
import { loadLabels } from '../../runtime/labels.js';
import { serveSite } from '../../web/site/serve.js';
import { SiteError, type SiteFileProblem } from '../../web/site/site-error.js';
import { MANIFEST_FILE } from '../../web/site/manifest.js';
import { escapeControl } from '../../io/escape-text.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { LabelCountMismatch, OutputNotOurs, OutputUnwritable } from '../../base/diagnostics/codes.js';
import { firstOutputDims } from '../../contract/output-dims.js';
import type { Diagnostic } from '../../base/diagnostics/diagnostic.js';
import { writeSite } from '../../web/site/write-site.js';
import { type CliContext, ExitCode } from '../context.js';
import { reportDiagnostics, reportError } from '../error-report.js';
import type { OptionsOf } from '../flags/flag.js';
import { DEFAULT_PORT, type WEB } from '../register/web.js';
import { DEFAULT_WINDOW } from '../../portable/defaults.js';

/** `vnetc web`: its flags (cli/register/web.ts), the online model and the site folder. */
export type WebCommandOptions = OptionsOf<typeof WEB.flags> & { readonly model: string; readonly output: string };

/**
 * `vnetc web MODEL.onnx -o DIR`: writes the static site that streams the model in a browser; with
 * --serve, serves it on 127.0.0.1 with cross-origin isolation until interrupted.
 */
export async function webCommand(options: WebCommandOptions, ctx: CliContext, stop?: Promise<void>): Promise<number> {
  try {
    const model = await readBinary(path.resolve(ctx.cwd, options.model), options.model);
    const labelList = options.labels !== undefined ? await loadLabels(options.labels, ctx.cwd) : undefined;
    const labels = labelList?.labels;
    const mismatch = labels && labelCountProblem(model, labels.length);
    if (mismatch) return reportDiagnostics([mismatch], ctx);
    const outDir = path.resolve(ctx.cwd, options.output);
    const inputs = [
      ...[options.model, options.clip].filter((f): f is string => f !== undefined).map((f) => path.resolve(ctx.cwd, f)),
      ...(labelList ? [labelList.file] : []),
    ];
    const clips = options.clip !== undefined ? [path.resolve(ctx.cwd, options.clip)] : [];
    const files = await writeSite({
      model,
      shown: options.model,
      outDir,
      window: options.window ?? DEFAULT_WINDOW,
      inputs,
      clips,
      ...(labels ? { labels } : {}),
      ...(options.force ? { force: true } : {}),
    });
    ctx.stdout(`wrote ${files.length} files to ${escapeControl(path.relative(ctx.cwd, outDir) || '.')}: ${files.join(', ')}\n`);
    if (!options.serve) return ExitCode.Ok;
    const port = options.port ?? DEFAULT_PORT;
    const site = await serveSite(outDir, port).catch((error: Error) => {
      throw new SiteError('io', `cannot serve on 127.0.0.1:${port}: ${error.message}`);
    });
    const clip = options.clip !== undefined ? ` and ${site.url}?clip=${encodeURIComponent(path.basename(options.clip))} (the clip)` : '';
    ctx.stdout(`serving ${site.url} (camera)${escapeControl(clip)}; Ctrl-C stops\n`);
    await (stop ?? new Promise<void>((resolve) => process.once('SIGINT', () => resolve())));
    await site.close();
    return ExitCode.Ok;
  } catch (error) {
    if (error instanceof SiteError && error.problem !== undefined) {
      return reportDiagnostics([siteDiagnostic(options.output, error.problem)], ctx);
    }
    return reportError(error, ctx, 'web');
  }
}

/** VN707 when the labels are not one per class of the model's logits (their last dim, when it is a number). */
function labelCountProblem(model: Uint8Array, count: number): Diagnostic | undefined {
  const classes = firstOutputDims(model)?.at(-1);
  return typeof classes === 'number' && classes !== count ? diagnose(LabelCountMismatch, { labels: count, classes }) : undefined;
}

function siteDiagnostic(output: string, problem: SiteFileProblem): Diagnostic {
  const file = path.join(output, problem.file);
  if (problem.kind === 'unwritable') return diagnose(OutputUnwritable, { path: file, reason: problem.reason });
  return diagnose(OutputNotOurs, { path: file, command: 'web', why: `${MANIFEST_FILE} does not list it`, others: problem.others });
}

import * as path from 'node:path';
import { checkProgram } from '../../compiler/check/check-program.js';
import { pickGraph } from '../../compiler/compile.js';
import { diagnose } from '../../base/diagnostics/code.js';
import { OutputUnwritable } from '../../base/diagnostics/codes.js';
import { hasErrors, type Diagnostic } from '../../base/diagnostics/diagnostic.js';
import { parseSetOverrides } from '../../compiler/set-overrides.js';
import { convertAll, convertForNetwork, type Converted } from '../../compiler/weights/convert.js';
import { describeWeights, type WeightsInfo } from '../../compiler/weights/inspect.js';
import { readBytes } from '../../compiler/weights/load.js';
import { graphParams } from '../../compiler/weights/params.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { escapeControl } from '../../io/escape-text.js';
import { writeReason } from '../../io/reason.js';
import { type CliContext, ExitCode } from '../context.js';
import { reportDiagnostics } from '../error-report.js';
import type { OptionsOf } from '../flags/flag.js';
import type { WEIGHTS } from '../register/weights.js';

/** `vnetc weights`: its flags (cli/register/weights.ts) and the file. */
export type WeightsCommandOptions = OptionsOf<typeof WEIGHTS.flags> & { readonly file: string };

/**
 * `vnetc weights FILE`: what a safetensors file or PyTorch checkpoint holds (format, keys, tensors,
 * dtypes, parameters, recognised layout); `--to out.safetensors [--for net.vnet]` converts it.
 * Exit 0, 1 for a problem in the file or the network, 2 for a usage or I/O error.
 */
export async function weightsCommand(options: WeightsCommandOptions, ctx: CliContext): Promise<number> {
  const file = path.resolve(ctx.cwd, options.file);
  const bytes = await readBytes(file, options.file);
  if (!bytes.ok) return report([bytes.error], ctx);
  if (options.to === undefined) {
    const described = describeWeights(bytes.value, options.file, options.key);
    if (!described.info) return report(described.diagnostics, ctx);
    report(described.diagnostics, ctx);
    ctx.stdout(formatInfo(options.file, described.info, options.list ?? false));
    return ExitCode.Ok;
  }
  // No output may be one of the inputs: the checkpoint, the rename rules, the network and its imports.
  const inputs = [file, ...(options.map !== undefined ? [path.resolve(ctx.cwd, options.map)] : [])];
  let converted: Converted;
  if (options.for !== undefined) {
    const params = networkParams(options, ctx);
    if (!params.params) return report(params.diagnostics, ctx, params.sources);
    inputs.push(...params.sources.keys());
    converted = await convertForNetwork(file, params.params, {
      displayPath: options.file,
      ...(options.key !== undefined ? { key: options.key } : {}),
      ...(options.map !== undefined ? { mapFile: path.resolve(ctx.cwd, options.map) } : {}),
    });
  } else {
    converted = convertAll(bytes.value, options.file, options.key);
  }
  if (!converted.bytes) return report(converted.diagnostics, ctx);
  try {
    await writeFileAtomic(path.resolve(ctx.cwd, options.to), converted.bytes, { protect: inputs });
  } catch (error) {
    return report([diagnose(OutputUnwritable, { path: options.to, reason: writeReason(error) })], ctx);
  }
  report(converted.diagnostics, ctx);
  ctx.stdout(`${escapeControl(`wrote ${options.to}: ${converted.count} tensors${options.for !== undefined ? ` for ${options.for}` : ''}`)}\n`);
  return ExitCode.Ok;
}

function networkParams(options: WeightsCommandOptions, ctx: CliContext) {
  const set = parseSetOverrides(options.sets ?? []);
  if (set.diagnostics.length > 0) return { diagnostics: set.diagnostics, sources: new Map() };
  const entry = path.resolve(ctx.cwd, options.for as string);
  const checked = checkProgram(entry, { sets: set.overrides, ...(options.network !== undefined ? { network: options.network } : {}) });
  if (hasErrors(checked.diagnostics)) return { diagnostics: checked.diagnostics, sources: checked.sources };
  const picked = pickGraph(checked.graphs, options.network, entry);
  if (!picked.graph) return { diagnostics: picked.diagnostics, sources: checked.sources };
  return { params: graphParams(picked.graph), diagnostics: [], sources: checked.sources };
}

function report(diagnostics: readonly Diagnostic[], ctx: CliContext, sources = new Map()): number {
  const code = reportDiagnostics(diagnostics, ctx, { sources });
  // A blank line between the diagnostics and what follows them.
  if (diagnostics.length > 0) ctx.stderr('\n');
  return code;
}

/** Keys listed on the `keys:` line; the rest are counted. */
const LISTED_KEYS = 20;

/** The report of `vnetc weights FILE`. Names come from the file: control characters are shown escaped. */
export function formatInfo(file: string, info: WeightsInfo, list: boolean): string {
  const dtypes = Object.entries(info.dtypes)
    .map(([dtype, n]) => `${n} ${dtype}`)
    .join(', ');
  const more = info.fileKeys.length - LISTED_KEYS;
  const keys = `${info.fileKeys.slice(0, LISTED_KEYS).join(', ')}${more > 0 ? `, and ${more} more` : ''}`;
  const lines = [
    `${file}: ${info.format}`,
    // A bare state dict's keys are its tensors: --list shows them, one a line.
    ...(info.fileKeys.length > 0 && info.key !== undefined ? [`keys:       ${keys}`] : []),
    `state dict: ${info.key !== undefined ? `'${info.key}'` : 'the file itself'}`,
    `tensors:    ${info.tensors.length} (${dtypes || 'none'})`,
    `values:     ${info.parameters.toLocaleString('en-US')} floats (parameters and buffers)`,
    `layout:     ${info.layout ?? 'names used as they are'}`,
  ];
  if (list) for (const t of info.tensors) lines.push(`  ${t.name}  ${t.dtype} [${t.shape.join(', ')}]`);
  return `${lines.map((line) => escapeControl(line)).join('\n')}\n`;
}

/**
 * `vnetc summary model.onnx`: what a compiled model says about itself (its contract: network, target,
 * precision and calibration, preprocessing, caches, labels) and its inputs and outputs, one line each.
 */
import * as path from 'node:path';
import { readContract } from '../../contract/model-contract.js';
import { describePrecision } from '../../contract/precision.js';
import { escapeControl } from '../../io/escape-text.js';
import { RuntimeError } from '../../runtime/errors.js';
import { readBinary } from '../../runtime/files.js';
import { decodeOnnx, modelIO, type TensorSpec } from '../../serve/triton/onnx-model.js';
import { onnx } from '../../compiler/emit/proto.js';
import { type CliContext, ExitCode } from '../context.js';

const TYPE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(onnx.TensorProto.DataType).map(([name, value]) => [
    value as number,
    name.toLowerCase().replace('float', 'float32').replace('float3216', 'float16'),
  ]),
);

export async function summarizeModel(file: string, ctx: CliContext): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = await readBinary(path.resolve(ctx.cwd, file), file);
  } catch (error) {
    ctx.stderr(`vnetc: ${escapeControl(error instanceof RuntimeError ? error.message : String(error))}\n`);
    return ExitCode.Usage;
  }
  const decoded = decodeOnnx(bytes);
  if (!decoded.ok) {
    ctx.stderr(`vnetc: '${escapeControl(file)}': ${escapeControl(decoded.error)}\n`);
    return ExitCode.Problems;
  }
  const io = modelIO(decoded.model);
  const contract = readContract(io.metadata);
  if (!contract.ok) {
    ctx.stderr(`vnetc: '${escapeControl(file)}': ${escapeControl(contract.error)}\n`);
    return ExitCode.Problems;
  }
  const c = contract.value;
  const rows: [string, string][] = [
    ['network', c.network ? `${c.network}${c.source ? ` (from ${c.source})` : ''}` : '(not compiled by vnet)'],
    ['target', c.target ?? '-'],
    ['precision', describePrecision(c.precision, c.calibration)],
    ...io.inputs.map((t): [string, string] => ['input', tensorLine(t)]),
    ...io.outputs.map((t): [string, string] => ['output', tensorLine(t)]),
    ...(c.caches ?? []).map((p): [string, string] => ['cache', `${p.input} -> ${p.output}`]),
    ...(c.preprocess
      ? [
          [
            'preprocess',
            `${c.preprocess.sampling.scheme} sampling, ${c.preprocess.frames} frames, resize ${c.preprocess.resize}, crop ${c.preprocess.crop}`,
          ] as [string, string],
        ]
      : []),
    ...(c.labels ? [['labels', `${c.labels.length} classes`] as [string, string]] : []),
  ];
  ctx.stdout(`model ${escapeControl(file)}\n${rows.map(([k, v]) => `  ${k.padEnd(11)}${escapeControl(v)}`).join('\n')}\n`);
  return ExitCode.Ok;
}

function tensorLine(t: TensorSpec): string {
  const type = TYPE_NAMES[t.elemType] ?? `type ${t.elemType}`;
  return `${t.name} ${type} [${t.dims.map((d) => d ?? '?').join(', ')}]`;
}

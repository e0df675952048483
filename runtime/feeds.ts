import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { RuntimeError } from './errors.js';
import { readBinary } from './files.js';
import { generateInput } from './inputs.js';
import { parseNpy } from './npy.js';
import type { OrtValueMetadata } from '../ort/ort.js';
import { formatShape, shapeFits, type HostTensor } from './tensors.js';

/** One model input and where its value came from: a .npy path, or `generated`. */
export interface PreparedInput {
  readonly name: string;
  readonly tensor: HostTensor;
  readonly source: string;
}

/**
 * Values for every model input: `--input PATH` files go to the inputs in order, and
 * `--input NAME=PATH` to the input so named; inputs left over are generated. Files are
 * checked against the declared dtype and shape, and a mismatch is one line naming both.
 */
export async function prepareInputs(inputs: readonly OrtValueMetadata[], given: readonly string[], cwd: string = process.cwd()): Promise<PreparedInput[]> {
  const assigned = assignFiles(inputs, given, cwd);
  const prepared: PreparedInput[] = [];
  for (const meta of inputs) {
    const path = assigned.get(meta.name);
    prepared.push(path === undefined ? { name: meta.name, tensor: generateInput(meta), source: 'generated' } : await loadInput(meta, path, cwd));
  }
  return prepared;
}

/** Which input each `--input` item feeds, and from which file. */
function assignFiles(inputs: readonly OrtValueMetadata[], given: readonly string[], cwd: string): Map<string, string> {
  const names = inputs.map((m) => m.name);
  const assigned = new Map<string, string>();
  for (const item of given) {
    const { name: named, file } = splitInput(item, names, cwd);
    const name = named ?? names.filter((n) => !assigned.has(n))[0];
    if (name === undefined || (named !== undefined && assigned.has(named))) {
      const why = named !== undefined ? `input '${named}' is given twice` : `the model has ${inputNames(names)}`;
      throw new RuntimeError('usage', `too many --input files: ${why}`);
    }
    assigned.set(name, file);
  }
  return assigned;
}

/**
 * `NAME=PATH` when NAME is one of the model's inputs; else the whole text is a path when that file
 * exists (a file named `a=b.npy`), and otherwise NAME is an input the model does not have. A name wins
 * over a file spelled the same: `./slow=x.npy` is always a path.
 */
export function splitInput(item: string, names: readonly string[], cwd: string): { name?: string; file: string } {
  const eq = item.indexOf('=');
  if (eq <= 0) return { file: item };
  const name = item.slice(0, eq);
  if (names.includes(name)) return { name, file: item.slice(eq + 1) };
  if (existsSync(resolve(cwd, item))) return { file: item };
  throw new RuntimeError(
    'usage',
    `--input '${item}': the model has no input '${name}'; it has ${inputNames(names)} (a path holding '=' is read as a path when that file exists)`,
  );
}

function inputNames(names: readonly string[]): string {
  return `${names.length} input${names.length === 1 ? '' : 's'} (${names.join(', ')})`;
}

async function loadInput(meta: OrtValueMetadata, path: string, cwd: string): Promise<PreparedInput> {
  const parsed = parseNpy(await readBinary(resolve(cwd, path), path));
  if (!parsed.ok) throw new RuntimeError('input', `cannot read '${path}': ${parsed.error}`);
  checkInput(meta, parsed.value, path);
  return { name: meta.name, tensor: parsed.value, source: path };
}

/** Throws a one-line RuntimeError when `tensor` (read from `source`) cannot feed `meta`. */
export function checkInput(meta: OrtValueMetadata, tensor: HostTensor, source: string): void {
  if (!meta.isTensor) throw new RuntimeError('input', `input '${meta.name}' is not a tensor`);
  if (meta.type !== tensor.type) {
    throw new RuntimeError('input', `'${source}' holds ${tensor.type} but input '${meta.name}' is ${meta.type}`);
  }
  if (!shapeFits(meta.shape, tensor.dims)) {
    throw new RuntimeError('input', `'${source}' has shape ${formatShape(tensor.dims)} but input '${meta.name}' expects ${formatShape(meta.shape)}`);
  }
}

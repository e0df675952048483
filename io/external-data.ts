/**
 * Which external data files a model may use. A model names its data files itself, so a hostile model
 * could name any neighbour (`id_rsa`) or the model file and have vnet copy it (triton) or read it
 * (run). A data file is used only when:
 *   - its name is a plain file name beside the model: no folder, no `..`, not absolute, no control
 *     characters, and not a hidden file (no leading dot);
 *   - it is a regular file, not a symbolic link (nor a FIFO or a device);
 *   - it is not the model itself, nor another file of the command (its inputs);
 *   - it holds the model's tensors and nothing else: its size is where the last tensor stored in it ends
 *     (vnet, onnx.save_model and torch.onnx all write data files so).
 * Anything else is an ExternalDataRefusal naming the location and why.
 */
import { lstatSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { hasControl } from './escape-text.js';
import { fileKind } from './reason.js';

/** One tensor's bytes in a data file: the file (as the model names it) and where the bytes end. */
export interface DataNeed {
  readonly location: string;
  readonly end: number;
}

export interface DataFile {
  /** As the model names it: a plain file name. */
  readonly location: string;
  /** Where it is: beside the model. */
  readonly path: string;
  readonly size: number;
}

export class ExternalDataRefusal extends Error {
  constructor(
    readonly location: string,
    readonly reason: string,
  ) {
    super(`external data '${location}' is refused: ${reason}`);
    this.name = 'ExternalDataRefusal';
  }
}

/** The data files `needs` name, beside `modelPath`, each checked by the rules above; `inputs` are the command's other files. */
export function checkExternalData(modelPath: string, needs: readonly DataNeed[], inputs: readonly string[] = []): DataFile[] {
  const ends = new Map<string, number>();
  for (const n of needs) ends.set(n.location, Math.max(ends.get(n.location) ?? 0, n.end));
  const model = fileId(modelPath);
  const others = new Set(inputs.map(fileId).filter((id) => id !== undefined && id !== model));
  return [...ends].map(([location, end]) => {
    const refuse = (reason: string) => new ExternalDataRefusal(location, reason);
    if (!isPlainName(location)) throw refuse('it is not a plain file name beside the model');
    if (location.startsWith('.')) throw refuse('it is a hidden file');
    const file = path.join(path.dirname(path.resolve(modelPath)), location);
    let info;
    try {
      info = lstatSync(file, { bigint: true });
    } catch {
      throw refuse('it does not exist beside the model');
    }
    if (info.isSymbolicLink()) throw refuse('it is a symbolic link');
    if (!info.isFile()) throw refuse(`it is ${fileKind(info)}`);
    const id = `${info.dev}:${info.ino}`;
    if (id === model) throw refuse('it is the model itself');
    if (others.has(id)) throw refuse('it is another input of this command');
    const size = Number(info.size);
    if (size !== end) throw refuse(`it is ${size} bytes, but the model's tensors in it end at byte ${end}`);
    return { location, path: file, size };
  });
}

function isPlainName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\]/.test(name) && !hasControl(name) && !path.isAbsolute(name);
}

function fileId(file: string): string | undefined {
  try {
    const s = statSync(file, { bigint: true });
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

import { readBounded } from '../io/read-bounded.js';
import { fileReason } from '../io/reason.js';
import { RuntimeError } from './errors.js';

/** The largest model, .npy or other binary file read whole: protobuf's 2 GiB limit (external data is read by onnxruntime). */
export const MAX_BINARY_BYTES = 2 * 1024 ** 3;

/**
 * A file's bytes, read only if it is a regular file of at most `limit` bytes (a device or FIFO is
 * refused before reading); any failure is a one-line I/O RuntimeError naming `shown`.
 */
export async function readBinary(path: string, shown = path, limit = MAX_BINARY_BYTES): Promise<Uint8Array> {
  try {
    return await readBounded(path, limit);
  } catch (error) {
    throw new RuntimeError('io', `cannot read '${shown}': ${ioReason(error)}`);
  }
}

export function ioReason(error: unknown): string {
  return fileReason(error);
}

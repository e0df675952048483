/**
 * Reads a PyTorch checkpoint (whatever torch.save wrote: .pth, .pt, .pth.tar, .pyth, .ckpt, .bin),
 * recognised by its content: torch's zip format (zip-checkpoint.ts) or the legacy format
 * (legacy-checkpoint.ts). The object is rebuilt by the restricted unpickler; storages stay views
 * into the file (or are inflated once, for a re-zipped archive) until a tensor is read.
 */
import { readLegacyCheckpoint } from './legacy-checkpoint.js';
import type { PyValue, Storage } from './values.js';
import { readZipCheckpoint } from './zip-checkpoint.js';
import { isZip } from './zip.js';
import { fail } from './storage-id.js';
import type { Result } from '../../../base/result.js';

export type CheckpointFormat = 'torch-zip' | 'torch-legacy';

export interface TorchCheckpoint {
  readonly format: CheckpointFormat;
  /** The object torch.save was given. */
  readonly root: PyValue;
  /** The bytes of a storage (exactly `numel` elements), or why they cannot be had. */
  storageBytes(storage: Storage): Result<Uint8Array>;
}

export function readTorchCheckpoint(bytes: Uint8Array): Result<TorchCheckpoint> {
  if (isZip(bytes)) return readZipCheckpoint(bytes);
  if (bytes.length > 262 && new TextDecoder('latin1').decode(bytes.subarray(257, 262)) === 'ustar') {
    return fail('a tar archive: the format of torch before 0.4 is not read; load and save it again with a newer torch');
  }
  return readLegacyCheckpoint(bytes);
}

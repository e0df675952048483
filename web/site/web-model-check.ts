import { readContract } from '../../contract/model-contract.js';
import { readModelMetadata } from '../../contract/read-metadata.js';
import { SiteError } from './site-error.js';

/**
 * What the page needs of a model, checked before a site is written: an online model (caches in its
 * contract) compiled for a target onnxruntime-web runs (portable or web: plain ai.onnx operators;
 * ort-cpu and ort-cuda models use onnxruntime-node's own kernels). Returns the network's name.
 */
export function requireWebStreamModel(bytes: Uint8Array, shown: string): string {
  const contract = readContract(readModelMetadata(bytes));
  if (!contract.ok) throw new SiteError('input', `${shown}: ${contract.error}`);
  const { target, caches, network } = contract.value;
  if (target === 'ort-cpu' || target === 'ort-cuda') {
    throw new SiteError(
      'input',
      `${shown} was compiled for ${target}, whose operators onnxruntime-web does not run; compile it with --online --target web (or portable)`,
    );
  }
  if (caches === undefined || caches.length === 0) {
    throw new SiteError('input', `${shown} is not an online model (no 'vnet.online.caches' in its metadata); compile it with --online`);
  }
  return network ?? 'online model';
}

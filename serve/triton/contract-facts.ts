/**
 * What the model contract tells a Triton client, written into config.pbtxt: the preprocessing facts as
 * `parameters` and the class labels as `label_filename`. Today's contract (contract/model-contract.ts)
 * carries neither yet; when it does, these two functions are the only places to change.
 */
import type { ModelContract } from '../../contract/model-contract.js';

/** The file the labels are written to, beside config.pbtxt. */
export const LABELS_FILE = 'labels.txt';

/** Preprocessing facts (size, mean, std, frames...) as string parameters for the client. */
export function clientParameters(_contract: ModelContract): Record<string, string> {
  return {};
}

/** The class labels, one per logit, when the model carries them. */
export function classLabels(_contract: ModelContract): readonly string[] | undefined {
  return undefined;
}

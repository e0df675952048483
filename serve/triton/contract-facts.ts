/**
 * What the model contract tells a Triton client, written into the model's folder: the preprocessing facts
 * as config `parameters` (string values a client reads from the model's configuration), and the class
 * labels as `labels.txt`, named by the logits output's `label_filename` (Triton's classification
 * extension reads it one label per line, `std::getline`, relative to the model's folder).
 */
import type { ModelContract } from '../../contract/model-contract.js';
import type { Preprocess } from '../../contract/preprocess.js';
import type { TensorConfig } from './config.js';
import { type Exported, unservable } from './problems.js';

/** The file the labels are written to, beside config.pbtxt. */
export const LABELS_FILE = 'labels.txt';

/** The parameters' common prefix, so they never meet a backend's own parameters. */
export const PREPROCESS_PARAMETER = 'vnet.preprocess';

/**
 * The preprocessing facts (contract/preprocess.ts) as `vnet.preprocess.<fact>` parameters: numbers as
 * JavaScript writes them (shortest text that reads back exactly), lists comma-separated, the sampling
 * scheme with its own numbers as `vnet.preprocess.sampling.<field>`. None when the model declares no `preprocess`.
 */
export function clientParameters(contract: ModelContract): Record<string, string> {
  const p = contract.preprocess;
  return p === undefined ? {} : prefixed({ ...preprocessFacts(p), ...samplingFacts(p) });
}

function preprocessFacts(p: Preprocess): Record<string, string> {
  return {
    frames: String(p.frames),
    layout: p.layout,
    resize: String(p.resize),
    crop: String(p.crop),
    order: p.order,
    scale: String(p.scale),
    mean: p.mean.join(','),
    std: p.std.join(','),
    input: p.input,
  };
}

function samplingFacts({ sampling }: Preprocess): Record<string, string> {
  const { scheme, ...numbers } = sampling;
  return { sampling: scheme, ...Object.fromEntries(Object.entries(numbers).map(([k, v]) => [`sampling.${k}`, String(v)])) };
}

function prefixed(facts: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(facts).map(([k, v]) => [`${PREPROCESS_PARAMETER}.${k}`, v]));
}

/** The class labels, one per logit, when the model carries them (`vnetc compile --labels`). */
export function classLabels(contract: ModelContract): readonly string[] | undefined {
  return contract.labels;
}

/**
 * labels.txt for `output` (the logits): one label per line. Refused when a label holds a line break (Triton
 * would read it as two) or when their number is not the output's class count (the last dimension).
 */
export function labelsFile(labels: readonly string[], output: TensorConfig): Exported<Uint8Array> {
  const broken = labels.findIndex((l) => /[\n\r]/.test(l));
  if (broken >= 0) return unservable(`label ${broken} holds a line break, and Triton reads ${LABELS_FILE} one label per line`);
  const classes = output.dims[output.dims.length - 1];
  if (classes !== undefined && classes !== -1 && classes !== labels.length) {
    return unservable(`it carries ${labels.length} labels for the ${classes} classes of '${output.name}'`);
  }
  return { ok: true, value: new TextEncoder().encode(labels.map((l) => `${l}\n`).join('')) };
}

import { type CachePair, parseCachePairs } from './caches.js';
import { CONTRACT_KEYS, CONTRACT_PREFIXES } from './keys.js';
import { parseNchwcBlock } from './nchwc-block.js';
import { parseLabelList } from './labels.js';
import { type Preprocess, parsePreprocess } from './preprocess.js';
import { type Calibration, type Precision, parseCalibration, parsePrecision } from './precision.js';
import { type WeightsOrigin, parseWeightsOrigin } from './weights.js';
import type { Result } from '../base/result.js';

/** What a vnet model says about itself in its metadata, as one typed record. */
export interface ModelContract {
  readonly version?: string;
  readonly network?: string;
  readonly target?: string;
  readonly source?: string;
  readonly sourceSha256?: string;
  /** Every top-level constant of the program, as written (`'8'`, `'1/8'`). */
  readonly constants: Readonly<Record<string, string>>;
  /** The `--set` overrides the model was compiled with. */
  readonly sets: Readonly<Record<string, string>>;
  /** Present on online (streaming) models. */
  readonly caches?: readonly CachePair[];
  /** Present on `ort-cpu` models laid out for one NCHWc block size. */
  readonly nchwcBlock?: number;
  /** Present when the network declares `preprocess { ... }`. */
  readonly preprocess?: Preprocess;
  /** Present when compiled with `--labels`. */
  readonly labels?: readonly string[];
  /** Present on int8 and fp16 models (absent: fp32). */
  readonly precision?: Precision;
  /** Present on int8 models: how their activation ranges were measured. */
  readonly calibration?: Calibration;
  /** Present when compiled by `vnetc compile` or `vnetc run`: trained (a checkpoint) or seeded. */
  readonly weights?: WeightsOrigin;
}

/**
 * Reads the contract from a model's metadata; a model without vnet metadata gives an empty contract.
 * A key that is present but malformed is an error (one line naming the key), never a silent default.
 */
export function readContract(metadata: ReadonlyMap<string, string>): Result<ModelContract> {
  const text = (key: string): string | undefined => metadata.get(key);
  const caches = optional(text(CONTRACT_KEYS.onlineCaches), parseCachePairs);
  if (!caches.ok) return caches;
  const block = optional(text(CONTRACT_KEYS.nchwcBlock), parseNchwcBlock);
  if (!block.ok) return block;
  const preprocess = optional(text(CONTRACT_KEYS.preprocess), parsePreprocess);
  if (!preprocess.ok) return preprocess;
  const labels = optional(text(CONTRACT_KEYS.labels), parseLabelList);
  if (!labels.ok) return labels;
  const precision = optional(text(CONTRACT_KEYS.precision), parsePrecision);
  if (!precision.ok) return precision;
  const calibration = optional(text(CONTRACT_KEYS.calibration), parseCalibration);
  if (!calibration.ok) return calibration;
  const weights = optional(text(CONTRACT_KEYS.weights), parseWeightsOrigin);
  if (!weights.ok) return weights;
  const contract: ModelContract = {
    ...field('version', text(CONTRACT_KEYS.version)),
    ...field('network', text(CONTRACT_KEYS.network)),
    ...field('target', text(CONTRACT_KEYS.target)),
    ...field('source', text(CONTRACT_KEYS.source)),
    ...field('sourceSha256', text(CONTRACT_KEYS.sourceSha256)),
    constants: withPrefix(metadata, CONTRACT_PREFIXES.constant),
    sets: withPrefix(metadata, CONTRACT_PREFIXES.set),
    ...(caches.value !== undefined ? { caches: caches.value } : {}),
    ...(block.value !== undefined ? { nchwcBlock: block.value } : {}),
    ...(preprocess.value !== undefined ? { preprocess: preprocess.value } : {}),
    ...(labels.value !== undefined ? { labels: labels.value } : {}),
    ...(precision.value !== undefined ? { precision: precision.value } : {}),
    ...(calibration.value !== undefined ? { calibration: calibration.value } : {}),
    ...(weights.value !== undefined ? { weights: weights.value } : {}),
  };
  return { ok: true, value: contract };
}

function optional<T>(text: string | undefined, parse: (text: string) => Result<T>): Result<T | undefined> {
  return text === undefined ? { ok: true, value: undefined } : parse(text);
}

function field<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function withPrefix(metadata: ReadonlyMap<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of metadata) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value;
  return out;
}

/**
 * The model contract: the bottom module the compiler writes and every runtime reads. It imports
 * nothing else of vnet and nothing of Node, so a browser page can use it as it is.
 */
export { CONTRACT_KEYS, CONTRACT_PREFIXES } from './keys.js';
export { type CachePair, type CacheQuant, encodeCachePairs, parseCachePairs } from './caches.js';
export { encodeNchwcBlock, parseNchwcBlock } from './nchwc-block.js';
export { type ModelContract, readContract } from './model-contract.js';
export { readModelMetadata } from './read-metadata.js';
export { type Preprocess, type ClipLayout, type Sampling, SAMPLING_SCHEMES, encodePreprocess, parsePreprocess } from './preprocess.js';
export { encodeLabels, parseLabelList } from './labels.js';
export {
  type Calibration,
  type Precision,
  PRECISIONS,
  describePrecision,
  encodeCalibration,
  encodePrecision,
  parseCalibration,
  parsePrecision,
} from './precision.js';
export { type WeightsOrigin, encodeWeightsOrigin, parseWeightsOrigin, weightsMetadata } from './weights.js';

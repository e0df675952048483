/**
 * Every `vnet.*` key of an ONNX model's metadata_props: the model contract between the compiler,
 * which writes it, and every runtime (node, browser, Triton export), which reads it.
 */
export const CONTRACT_KEYS = {
  /** The vnet version that compiled the model. */
  version: 'vnet.version',
  /** The network's name in its `.vnet` file. */
  network: 'vnet.network',
  /** `portable`, `ort-cpu`, `ort-cuda` or `web` (portable operators, checked for onnxruntime-web). */
  target: 'vnet.target',
  /** SHA-256 over every source file, so any edit to any imported file changes it. */
  sourceSha256: 'vnet.source_sha256',
  /** The entry `.vnet` file's name. */
  source: 'vnet.source',
  /** An online model's cache pairs, as JSON `[{"input": ..., "output": ...}]`, in input order. */
  onlineCaches: 'vnet.online.caches',
  /** The NCHWc block (channels) an `ort-cpu` blocked model was laid out for. */
  nchwcBlock: 'vnet.ort_cpu.nchwc_block',
  /** How a video becomes the input (contract/preprocess.ts), as JSON; written when the network declares `preprocess`. */
  preprocess: 'vnet.preprocess',
  /** The output's class names, as a JSON list of strings; written with `vnetc compile --labels`. */
  labels: 'vnet.labels',
  /** `int8` or `fp16` (contract/precision.ts); absent: fp32. */
  precision: 'vnet.precision',
  /** How an int8 model was calibrated, as JSON (contract/precision.ts). */
  calibration: 'vnet.calibration',
  /** Where the weights came from (contract/weights.ts), as JSON: a `--weights` checkpoint, or seeded initial values. */
  weights: 'vnet.weights',
} as const;

/** Prefixes of per-name keys: `vnet.const.T` (every top-level constant), `vnet.set.T` (each --set). */
export const CONTRACT_PREFIXES = {
  constant: 'vnet.const.',
  set: 'vnet.set.',
} as const;

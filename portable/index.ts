/**
 * What node (runtime/, cli/) and the browser page (web/page/) both compute, written once: .npy parsing,
 * softmax, top-k, a frame's preprocessing (Pillow resize, torchvision crop, normalisation) and its choice
 * from the contract, the untrained-model warning and the shared defaults. Pure TypeScript: it imports
 * only the model contract, nothing of Node and nothing of the DOM.
 */
export { DEFAULT_TOP, DEFAULT_WINDOW } from './defaults.js';
export { NPY_MAGIC, type NpyArray, type NpyRead, readNpy, readNpyFloat32 } from './npy.js';
export { softmax } from './softmax.js';
export { type Ranked, topK, topKPerItem } from './top-k.js';
export { type Box, type Pixels, centreCropBox, roundHalfEven, shorterSideSize } from './pixels.js';
export { resizeAndCrop } from './resize-crop.js';
export { type FramePreprocessing, normalise, preprocessFrame } from './frame.js';
export { type Preprocessing, preprocessingOf } from './preprocessing.js';
export { untrainedWarning } from './untrained.js';

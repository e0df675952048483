/**
 * The streaming core: one online model's caches, push, reset and moving average, over an injected
 * runtime. It imports only the model contract and portable/, so node (runtime/stream.ts) and the browser page share it.
 */
export { StreamCore, type RowStep, type StreamCoreOptions } from './core.js';
export { type CoreInput, type CoreSession, type CoreTensor, type MakeTensor, StreamError } from './session.js';
export { MovingAverage } from './moving-average.js';
export { streamLayout, rowsShape, type StreamLayout } from './layout.js';
export { HistorySmoothing } from './history.js';
export { type OrtLikeSession, type OrtLikeTensorClass, coreSessionOf, tensorMaker } from './ort-session.js';

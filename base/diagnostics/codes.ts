/**
 * Every diagnostic code vnet can report, in one registry. Ranges:
 *   VN0xx  usage and I/O (files, --set, output paths; VN030-VN039 the installation: optional packages)
 *   VN1xx  syntax (lexer, parser)
 *   VN2xx  names and compile-time evaluation (resolution, imports, constants)
 *   VN3xx  shapes and types
 *   VN4xx  emission, weights and runtime
 *   VN5xx  online (streaming) compilation
 *   VN6xx  attention and token layouts
 *   VN470-VN489 (in codes/serve.ts)  serving: CUDA kernels, the Triton export
 *   VN72x  models for the browser (--target web)
 *   VN490-VN499, VN700-VN719  preprocessing, video input, labels
 *   VN451-VN469 (in codes/precision.ts)  --precision int8 / fp16, calibration, validation
 * Each range lives in its own file under codes/; this file only gathers them.
 */
export * from './codes/io.js';
export * from './codes/packages.js';
export * from './codes/syntax.js';
export * from './codes/names.js';
export * from './codes/shapes.js';
export * from './codes/emit.js';
export * from './codes/online.js';
export * from './codes/attention.js';
export * from './codes/weights.js';
export * from './codes/serve.js';
export * from './codes/web.js';
export * from './codes/preprocess.js';
export * from './codes/precision.js';

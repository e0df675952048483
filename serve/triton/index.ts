/** The Triton Inference Server export: a model repository with configs written from Triton's own schema. */
export { type ModelDirectory, type RepoFile, exportModel } from './export-model.js';
export { type CommandInput, MARKER_FILE, RepositoryRefusal, writeModelDirectory } from './repository.js';
export { isModelName } from './model-name.js';
export { DEFAULT_SERVE_OPTIONS, SEQUENCES_PER_BATCH_ROW, type ServeOptions } from './options.js';
export { LABELS_FILE, PREPROCESS_PARAMETER } from './contract-facts.js';
export type { ExportProblem } from './problems.js';
export type { ModelConfig } from './config.js';
export { writeTextFormat } from './pbtxt.js';
export { modelConfigType } from './schema.js';
export { sortsAlike, tritonStateNames } from './state-names.js';

/**
 * Triton's own schema for `config.pbtxt` (model_config.proto, kept beside this file with NVIDIA's licence),
 * loaded with protobufjs reflection so that what vnet writes is checked field by field against it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** Beside this module in the sources; from dist/serve/triton, back in the package's serve/triton. */
const CANDIDATES = ['./model_config.proto', '../../../serve/triton/model_config.proto'];

let cached: protobuf.Type | undefined;

/** The `inference.ModelConfig` message type. */
export function modelConfigType(): protobuf.Type {
  if (cached) return cached;
  const file = CANDIDATES.map((c) => fileURLToPath(new URL(c, import.meta.url))).find((f) => existsSync(f));
  if (file === undefined) throw new Error('model_config.proto is missing from this installation of vnet');
  const root = new protobuf.Root();
  root.loadSync(file, { keepCase: true });
  root.resolveAll();
  cached = root.lookupType('inference.ModelConfig');
  return cached;
}

/**
 * Triton's own schema for `config.pbtxt` (model_config.proto, kept beside this file with NVIDIA's licence),
 * loaded with protobufjs reflection so that what vnet writes is checked field by field against it.
 */
import { existsSync } from 'node:fs';
import { packageFile } from '../../base/package-files.js';
import protobuf from 'protobufjs';

let cached: protobuf.Type | undefined;

/** The `inference.ModelConfig` message type. */
export function modelConfigType(): protobuf.Type {
  if (cached) return cached;
  const file = packageFile('serve', 'triton', 'model_config.proto');
  if (!existsSync(file)) throw new Error('model_config.proto is missing from this installation of vnet');
  const root = new protobuf.Root();
  root.loadSync(file, { keepCase: true });
  root.resolveAll();
  cached = root.lookupType('inference.ModelConfig');
  return cached;
}

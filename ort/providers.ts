import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadOrt } from './ort.js';

/** Execution providers a user may name with `--ep`. */
export const KNOWN_PROVIDERS = ['cpu', 'cuda', 'tensorrt', 'webgpu'] as const;
export type ProviderName = (typeof KNOWN_PROVIDERS)[number];

export type ProviderAvailability =
  | { readonly name: ProviderName; readonly available: true }
  | { readonly name: ProviderName; readonly available: false; readonly reason: string };

const DISPLAY: Record<ProviderName, string> = { cpu: 'CPU', cuda: 'CUDA', tensorrt: 'TensorRT', webgpu: 'WebGPU' };

/** Provider libraries that onnxruntime loads at session creation; absent unless installed on purpose. */
const PROVIDER_LIBRARIES: Partial<Record<ProviderName, readonly string[]>> = {
  cuda: ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so'],
  tensorrt: ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_tensorrt.so'],
};

export function displayName(name: ProviderName): string {
  return DISPLAY[name];
}

export function isProviderName(name: string): name is ProviderName {
  return (KNOWN_PROVIDERS as readonly string[]).includes(name);
}

/** The version of the onnxruntime-node package actually loaded. */
export async function onnxruntimeVersion(): Promise<string> {
  const ort = await loadOrt();
  return ort.env.versions.node ?? ort.env.versions.common;
}

/** The folder holding onnxruntime_binding.node, where provider libraries must sit. */
export function bindingDirectory(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('onnxruntime-node');
  return join(dirname(entry), '..', 'bin', 'napi-v6', process.platform, process.arch);
}

/**
 * Whether this installation can load `name`. The binding's own list says which providers it
 * was built for; for GPU providers the shared libraries must also be present beside it,
 * because npm installs them separately (and `ONNXRUNTIME_NODE_INSTALL=skip` leaves them out).
 */
export async function providerAvailability(name: ProviderName): Promise<ProviderAvailability> {
  if (name === 'cpu') return { name, available: true };
  const backends = (await loadOrt()).listSupportedBackends();
  if (!backends.some((b) => b.name === name)) {
    return { name, available: false, reason: `this onnxruntime-node ${await onnxruntimeVersion()} build does not include it` };
  }
  const libraries = PROVIDER_LIBRARIES[name];
  if (libraries === undefined) return { name, available: true };
  if (process.platform !== 'linux') {
    return { name, available: false, reason: `vnet runs ${displayName(name)} only on Linux` };
  }
  const dir = bindingDirectory();
  const missing = libraries.filter((lib) => !existsSync(join(dir, lib)));
  if (missing.length === 0) return { name, available: true };
  return { name, available: false, reason: missingBinariesReason(name, await onnxruntimeVersion()) };
}

function missingBinariesReason(name: ProviderName, version: string): string {
  return (
    `this onnxruntime-node ${version} install has no ${displayName(name)} binaries; ` + 'reinstall with ONNXRUNTIME_NODE_INSTALL=cuda12 on a CUDA 12 machine'
  );
}

/** Every known provider with whether it can run here, for `vnetc run --ep` help and diagnostics. */
export function listProviders(): Promise<ProviderAvailability[]> {
  return Promise.all(KNOWN_PROVIDERS.map(providerAvailability));
}

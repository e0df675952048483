/**
 * The runtime libraries a lean install leaves out (`npm install --omit=optional`): onnxruntime-node,
 * and onnxruntime-web. Each is reached only through its own small loader, which
 * turns "not installed" into a MissingPackageError; the command line reports it in one line (VN030).
 */
import { createRequire } from 'node:module';

/**
 * package.json's optionalDependencies: onnxruntime-node runs models (run, bench, and compile --target
 * ort-cpu of a network with time shifts) and onnxruntime-web's wasm files run the browser page (web).
 * Videos need an ffmpeg install with ffprobe on the machine (runtime/video/locate.ts): no npm package ships both.
 */
export const OPTIONAL_PACKAGES = ['onnxruntime-node', 'onnxruntime-web'] as const;

export type OptionalPackage = (typeof OPTIONAL_PACKAGES)[number];

/** An optional package this installation does not have; `feature` says what it is needed for (`to run models`). */
export class MissingPackageError extends Error {
  constructor(
    readonly packageName: OptionalPackage,
    readonly feature: string,
  ) {
    super(`${packageName} is not installed (needed ${feature})`);
    this.name = 'MissingPackageError';
  }
}

/** Whether `error` says that `name` itself (not one of its own imports) could not be found. */
export function isNotFound(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  const message = error instanceof Error ? error.message : '';
  return message.includes(`'${name}'`) || message.includes(`'${name}/`) || message.includes(`${name}/package.json`);
}

/**
 * Runs `load` (a dynamic `import()` written at the caller, so the specifier stays visible there) and
 * turns "not installed" into a MissingPackageError; any other failure passes through.
 */
export async function importOptional<T>(name: OptionalPackage, feature: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isNotFound(error, name)) throw new MissingPackageError(name, feature);
    throw error;
  }
}

/** The path of a file inside an optional package (`onnxruntime-web/ort-wasm...`), or a MissingPackageError. */
export function resolveOptional(name: OptionalPackage, subpath: string, feature: string, from: string): string {
  try {
    return createRequire(from).resolve(subpath === '' ? name : `${name}/${subpath}`);
  } catch (error) {
    if (isNotFound(error, name)) throw new MissingPackageError(name, feature);
    throw error;
  }
}

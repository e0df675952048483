/**
 * Why the runtime refused a request. `message` is one line fit for a user; the CLI maps
 * `kind` to an exit code (usage and I/O: 2, a bad model or input: 1).
 */
export type RuntimeErrorKind = 'usage' | 'io' | 'model' | 'input';

export class RuntimeError extends Error {
  constructor(
    readonly kind: RuntimeErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'RuntimeError';
  }
}

/** The first line of an error's message, without onnxruntime's `[ONNXRuntimeError] : N : CODE :` prefix. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n')[0] ?? '';
  return line.replace(/^\[ONNXRuntimeError\]\s*:\s*\d+\s*:\s*\w+\s*:\s*/, '').trim();
}

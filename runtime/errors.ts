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

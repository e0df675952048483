/** Why `vnetc web` could not write or serve a site; `usage` and `io` exit 2, `input` (the model) exits 1. */
export class SiteError extends Error {
  constructor(
    readonly kind: 'usage' | 'io' | 'input',
    message: string,
  ) {
    super(message);
    this.name = 'SiteError';
  }
}

/**
 * Why `vnetc web` could not write or serve a site; `usage` and `io` exit 2, `input` (the model) exits 1.
 * A site file that vnet did not write (`not-ours`) or could not write (`unwritable`) carries its facts,
 * so the command reports it as a diagnostic; `file` is relative to the site folder.
 */
export type SiteFileProblem =
  | { readonly kind: 'not-ours'; readonly file: string; readonly others: number }
  | { readonly kind: 'unwritable'; readonly file: string; readonly reason: string };

export class SiteError extends Error {
  constructor(
    readonly kind: 'usage' | 'io' | 'input',
    message: string,
    readonly problem?: SiteFileProblem,
  ) {
    super(message);
    this.name = 'SiteError';
  }
}

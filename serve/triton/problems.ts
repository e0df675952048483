/** Why a model cannot go into a Triton repository, as data: the command turns each into a diagnostic. */
export type ExportProblem =
  | { readonly kind: 'unservable'; readonly reason: string }
  | { readonly kind: 'batch-fixed'; readonly tensor: string; readonly dim: string }
  | { readonly kind: 'external-data'; readonly location: string; readonly reason: string };

export type Exported<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: ExportProblem };

export function unservable(reason: string): { ok: false; problem: ExportProblem } {
  return { ok: false, problem: { kind: 'unservable', reason } };
}

/** Why a model cannot go into a Triton repository, as data: the command turns each into a diagnostic. */
import type { Failure, Result } from '../../base/result.js';
export type ExportProblem =
  | { readonly kind: 'unservable'; readonly reason: string }
  | { readonly kind: 'batch-fixed'; readonly tensor: string; readonly dim: string }
  | { readonly kind: 'external-data'; readonly location: string; readonly reason: string };

export type Exported<T> = Result<T, ExportProblem>;

export function unservable(reason: string): Failure<ExportProblem> {
  return { ok: false, error: { kind: 'unservable', reason } };
}

import type { ModelContract } from '../contract/model-contract.js';

/**
 * The plain warning node (`vnetc run`, every mode) and the page show for a model whose contract says its
 * weights are seeded initial values: its scores look confident and mean nothing. Undefined for a trained
 * model, and for a model that does not say (not compiled by vnet, or before the contract recorded it).
 */
export function untrainedWarning(contract: Pick<ModelContract, 'weights'>): string | undefined {
  const weights = contract.weights;
  if (weights === undefined || weights.trained) return undefined;
  return `untrained model: its weights are seeded initial values (seed ${weights.seed}), not a checkpoint, so its classes and labels are meaningless; compile it with --weights CHECKPOINT`;
}

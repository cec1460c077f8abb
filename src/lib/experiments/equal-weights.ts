import type { Experiment, Weights } from './schema.ts';

/** The same share of traffic for every variant: the `equal` allocation, and a bandit's burn-in. */
export function equalWeights(experiment: Pick<Experiment, 'variants'>): Weights {
  return Object.fromEntries(experiment.variants.map((variant) => [variant.id, 1 / experiment.variants.length]));
}

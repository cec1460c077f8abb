import { createPosterior } from './create-posterior.ts';
import { equalWeights } from './equal-weights.ts';
import type { Experiment, MetricCounts, Weights } from './schema.ts';
import { withSeededRandom } from './with-seeded-random.ts';

/** How a bandit experiment re-weights its traffic; the scheduler runs it every `intervalMinutes`. */
export const BANDIT_SETTINGS = {
  intervalMinutes: 15,
  /** Exposures every variant gets at equal weights before the bandit starts. */
  burnIn: 100,
  /** No variant gets less than this share of traffic. */
  floor: 0.05,
  /** Posterior draws per update. */
  draws: 20_000,
} as const;

export type BanditWeights = { weights: Weights; phase: 'burn-in' | 'thompson' };

/**
 * A bandit's next traffic weights by Thompson sampling: equal weights until every variant has
 * `burnIn` exposures of the primary metric, then each variant's share of `draws` joint posterior
 * draws in which it came out best, raised to at least `floor` (the others scaled down to make
 * room). `random` is a seeded uniform generator (createRandom(seed).next): the same counts and
 * seed give the same weights.
 */
export function computeBanditWeights(
  experiment: Pick<Experiment, 'metric' | 'variants'>,
  counts: MetricCounts,
  options: { random: () => number; burnIn?: number; floor?: number; draws?: number },
): BanditWeights {
  const { burnIn = BANDIT_SETTINGS.burnIn, floor = BANDIT_SETTINGS.floor, draws = BANDIT_SETTINGS.draws } = options;
  const ids = experiment.variants.map((variant) => variant.id);
  if (floor * ids.length > 1) throw new RangeError(`a floor of ${floor} cannot hold for ${ids.length} variants`);
  const rows = ids.map((id) => counts[id] ?? { exposures: 0, successes: 0 });
  if (rows.some((row) => row.exposures < burnIn)) return { weights: equalWeights(experiment), phase: 'burn-in' };

  const posteriors = rows.map((row) => createPosterior(experiment.metric, row));
  const wins = withSeededRandom(options.random, () => {
    const tally = ids.map(() => 0);
    for (let draw = 0; draw < draws; draw += 1) {
      let best = 0;
      let bestValue = -Infinity;
      posteriors.forEach((posterior, index) => {
        const value = posterior.sample();
        if (value > bestValue) [best, bestValue] = [index, value];
      });
      tally[best]! += 1;
    }
    return tally;
  });
  const shares = raiseToFloor(wins.map((count) => count / draws), floor);
  return { weights: Object.fromEntries(ids.map((id, index) => [id, shares[index]!])), phase: 'thompson' };
}

/** Lifts shares below `floor` to it and scales the rest proportionally, until all hold. */
function raiseToFloor(shares: number[], floor: number): number[] {
  const lifted = new Set<number>();
  for (;;) {
    const free = shares.map((_s, index) => index).filter((index) => !lifted.has(index));
    const freeMass = 1 - floor * lifted.size;
    const freeTotal = free.reduce((sum, index) => sum + shares[index]!, 0);
    const result = shares.map((share, index) =>
      lifted.has(index) ? floor : freeTotal > 0 ? (share / freeTotal) * freeMass : freeMass / free.length,
    );
    const below = free.filter((index) => result[index]! < floor);
    if (below.length === 0) return result;
    for (const index of below) lifted.add(index);
  }
}

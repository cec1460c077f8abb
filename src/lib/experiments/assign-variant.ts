import { createHash } from 'node:crypto';
import { equalWeights } from './equal-weights.ts';
import type { Experiment, Weights } from './schema.ts';

/** A uniform number in (0, 1) from the first 48 bits of SHA-256(experiment, variant, reader). */
function uniform(experimentId: string, variantId: string, readerKey: string): number {
  const digest = createHash('sha256').update(`${experimentId}\u0000${variantId}\u0000${readerKey}`).digest();
  return (digest.readUIntBE(0, 6) + 0.5) / 2 ** 48;
}

/**
 * The variant a reader sees, from a hash of the experiment id and the reader's key: the same
 * reader always gets the same variant for the same weights, and readers split in proportion to
 * `weights` (equal by default). Weighted rendezvous hashing: each variant scores
 * -ln(u)/weight with u uniform from the hash, the lowest score wins, so variant v wins with
 * probability weight_v / Σ weights. When one variant's weight rises (the others scaled down
 * together, as a bandit does), readers only move to that variant, and no more of them than its
 * gain in share; store a reader's first assignment to keep them on it for the whole experiment.
 * Throws when no variant has a positive weight.
 */
export function assignVariant(
  experiment: Pick<Experiment, 'id' | 'variants'>,
  readerKey: string,
  weights: Weights = equalWeights(experiment),
): string {
  let chosen: string | undefined;
  let lowest = Infinity;
  for (const { id } of experiment.variants) {
    const weight = weights[id] ?? 0;
    if (!(weight > 0)) continue;
    const score = -Math.log(uniform(experiment.id, id, readerKey)) / weight;
    if (score < lowest) [chosen, lowest] = [id, score];
  }
  if (chosen === undefined) throw new RangeError(`experiment ${experiment.id}: no variant has a positive weight`);
  return chosen;
}

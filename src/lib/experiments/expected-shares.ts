import type { Weights } from './schema.ts';

/**
 * The shares a bandit's readers should follow over its whole run, for the sample-ratio check:
 * each period's weights counted by the readers assigned in that period. Undefined before any reader.
 */
export function expectedShares(periods: { weights: Weights; readers: number }[]): Weights | undefined {
  const total = periods.reduce((sum, period) => sum + period.readers, 0);
  if (total === 0) return undefined;
  const shares: Weights = {};
  for (const { weights, readers } of periods) {
    for (const [id, weight] of Object.entries(weights)) shares[id] = (shares[id] ?? 0) + (weight * readers) / total;
  }
  return shares;
}

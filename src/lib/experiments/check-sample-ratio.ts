import jStat from 'jstat';

/** p below which the split of exposures is taken as broken assignment. */
export const SRM_P_VALUE = 0.001;

/**
 * Sample-ratio-mismatch check: a chi-square goodness-of-fit test of the exposures per variant
 * against the shares the allocation gave them (`shares`, in the same order, any positive
 * scale). `mismatch` when p < 0.001: readers are not being assigned as configured (a variant
 * that fails to load, a cache serving one variant, bots on one arm), so the readout cannot be
 * trusted. Before any exposure p is 1.
 */
export function checkSampleRatio(exposures: number[], shares: number[]): { pValue: number; mismatch: boolean } {
  const total = exposures.reduce((sum, count) => sum + count, 0);
  const shareTotal = shares.reduce((sum, share) => sum + share, 0);
  if (total === 0) return { pValue: 1, mismatch: false };
  let statistic = 0;
  let categories = 0;
  for (const [index, observed] of exposures.entries()) {
    const expected = (total * (shares[index] ?? 0)) / shareTotal;
    if (expected === 0) {
      if (observed > 0) return { pValue: 0, mismatch: true };
      continue;
    }
    statistic += (observed - expected) ** 2 / expected;
    categories += 1;
  }
  if (categories < 2) return { pValue: 1, mismatch: false };
  const pValue = Math.min(1, Math.max(0, 1 - jStat.chisquare.cdf(statistic, categories - 1)));
  return { pValue, mismatch: pValue < SRM_P_VALUE };
}

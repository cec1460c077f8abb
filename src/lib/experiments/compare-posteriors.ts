import type { Posterior } from './create-posterior.ts';

/** What the readout says about each variant against the others; index 0 is the control. */
export type Comparison = {
  /** P(rate_i > rate_control); null for the control itself. */
  chanceToBeatControl: (number | null)[];
  /** P(rate_i is the highest). */
  chanceToBeBest: number[];
  /** E[max_j rate_j - rate_i]: what choosing i is expected to give up, in the metric's unit. */
  expectedLoss: number[];
};

/** Simpson points over each posterior's support (odd); agreement with closed forms is tested to 3 decimals. */
const POINTS = 513;

/**
 * Compares independent posteriors exactly, by numerical integration of one-dimensional
 * identities (no sampling noise: the same counts always read the same). Each integrand holds the
 * density f_i, so it is integrated over posterior i's own support with Simpson's rule:
 *   chance to beat control  P(X_i > X_0)        = ∫ f_i(x) F_0(x) dx
 *   chance to be best       P(X_i = max)        = ∫ f_i(x) Π_{j≠i} F_j(x) dx
 *   expected loss           E[max_j X_j] - E[X_i], with E[max_j X_j] = Σ_i ∫ x f_i(x) Π_{j≠i} F_j(x) dx
 */
export function comparePosteriors(posteriors: Posterior[]): Comparison {
  const parts = posteriors.map((posterior, i) => {
    const [lo, hi] = posterior.support;
    const step = (hi - lo) / (POINTS - 1);
    let beatsControl = 0;
    let best = 0;
    let bestMean = 0;
    for (let point = 0; point < POINTS; point += 1) {
      const x = lo + step * point;
      const weight = ((point === 0 || point === POINTS - 1 ? 1 : point % 2 === 1 ? 4 : 2) * step) / 3;
      const density = posterior.pdf(x) * weight;
      const below = posteriors.map((other, j) => (j === i ? 1 : Math.min(1, Math.max(0, other.cdf(x)))));
      const othersBelow = below.reduce((product, value) => product * value, 1);
      beatsControl += density * below[0]!;
      best += density * othersBelow;
      bestMean += x * density * othersBelow;
    }
    return { beatsControl, best, bestMean };
  });
  const expectedMax = parts.reduce((sum, part) => sum + part.bestMean, 0);
  const clamp = (p: number) => Math.min(1, Math.max(0, p));
  return {
    chanceToBeatControl: parts.map((part, i) => (i === 0 ? null : clamp(part.beatsControl))),
    chanceToBeBest: parts.map((part) => clamp(part.best)),
    expectedLoss: posteriors.map((posterior) => Math.max(0, expectedMax - posterior.mean)),
  };
}

import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { comparePosteriors } from '../../../src/lib/experiments/compare-posteriors.ts';
import { createPosterior, type Posterior } from '../../../src/lib/experiments/create-posterior.ts';
import type { ExperimentMetric } from '../../../src/lib/experiments/schema.ts';
import { withSeededRandom } from '../../../src/lib/experiments/with-seeded-random.ts';
import { createRandom } from '../../../src/lib/simulation/create-random.ts';

/** [exposures, successes] of the control, then of the variant. */
type Pair = [number, number, number, number];

/** P(Beta(a2, b2) > Beta(a1, b1)) for whole-number parameters, as a sum (Evan Miller's closed form). */
function betaBeatsExactly(a1: number, b1: number, a2: number, b2: number): number {
  let total = 0;
  for (let i = 0; i < a2; i += 1) total += Math.exp(jStat.betaln(a1 + i, b1 + b2) - Math.log(b2 + i) - jStat.betaln(1 + i, b2) - jStat.betaln(a1, b1));
  return total;
}

/** P(Gamma(shape a2, rate r2) > Gamma(shape a1, rate r1)) = I_{r1/(r1+r2)}(a1, a2): r1·X/(r1·X + r2·Y) is Beta(a1, a2). */
const gammaBeatsExactly = (a1: number, r1: number, a2: number, r2: number) => jStat.ibeta(r1 / (r1 + r2), a1, a2);

/** E[max(X0, X1) - X1] = E[(X0 - X1)+] by the midpoint rule on a 2-D grid over both supports. */
function lossOnGrid(control: Posterior, variant: Posterior, points = 800): number {
  const axis = (posterior: Posterior) => {
    const [lo, hi] = posterior.support;
    const step = (hi - lo) / points;
    return Array.from({ length: points }, (_v, k) => {
      const x = lo + (k + 0.5) * step;
      return { x, mass: posterior.pdf(x) * step };
    });
  };
  const xs = axis(control);
  const ys = axis(variant);
  let total = 0;
  for (const a of xs) for (const b of ys) if (a.x > b.x) total += (a.x - b.x) * a.mass * b.mass;
  return total;
}

const posteriorsOf = (metric: ExperimentMetric, [n0, s0, n1, s1]: Pair) => [
  createPosterior(metric, { exposures: n0, successes: s0 }),
  createPosterior(metric, { exposures: n1, successes: s1 }),
];

describe('comparePosteriors agrees with independent computations to 3 decimals', () => {
  it.each([
    ['close rates, 20k readers each', [20_000, 800, 20_000, 830]],
    ['a clear winner', [20_000, 800, 20_000, 1000]],
    ['few readers', [100, 3, 120, 9]],
    ['no data yet (the priors)', [0, 0, 0, 0]],
    ['no success in the control', [5000, 0, 5000, 2]],
    ['a narrow control beside a wide variant', [1_000_000, 40_000, 1000, 45]],
  ] as [string, Pair][])('binomial, %s', (_name, pair) => {
    const [n0, s0, n1, s1] = pair;
    const [control, variant] = posteriorsOf('shareRate', pair);
    const result = comparePosteriors([control!, variant!]);
    const beats = betaBeatsExactly(1 + s0, 1 + n0 - s0, 1 + s1, 1 + n1 - s1);
    expect(result.chanceToBeatControl[1]).toBeCloseTo(beats, 3);
    expect(result.chanceToBeBest[1]).toBeCloseTo(beats, 3);
    expect(result.chanceToBeBest[0]).toBeCloseTo(1 - beats, 3);
    // Losses in percentage points, the unit the verdict shows them in.
    expect(result.expectedLoss[1]! * 100).toBeCloseTo(lossOnGrid(control!, variant!) * 100, 3);
    expect(result.expectedLoss[0]! * 100).toBeCloseTo(lossOnGrid(variant!, control!) * 100, 3);
  });

  it.each([
    ['close rates', [2000, 2000, 2000, 2100]],
    ['few links', [30, 20, 25, 31]],
    ['no data yet (the priors)', [0, 0, 0, 0]],
  ] as [string, Pair][])('counts (Gamma-Poisson), %s', (_name, pair) => {
    const [n0, s0, n1, s1] = pair;
    const [control, variant] = posteriorsOf('clickThrough', pair);
    const result = comparePosteriors([control!, variant!]);
    expect(result.chanceToBeatControl[1]).toBeCloseTo(gammaBeatsExactly(1 + s0, 1 + n0, 1 + s1, 1 + n1), 3);
    expect(result.expectedLoss[1]!).toBeCloseTo(lossOnGrid(control!, variant!), 3);
  });

  it('gives four variants the chances and losses of seeded Monte Carlo, within its error', () => {
    // 200,000 joint draws (seeded jstat sampling): a probability's standard error is at most
    // 0.0011, so 0.005 is over 4 of them; losses (about 0.001 to 0.01) are within 0.0002.
    const posteriors = [800, 860, 900, 905].map((successes) => createPosterior('shareRate', { exposures: 20_000, successes }));
    const result = comparePosteriors(posteriors);
    const draws = 200_000;
    const { best, loss } = withSeededRandom(createRandom(7).next, () => {
      const tally = { best: posteriors.map(() => 0), loss: posteriors.map(() => 0) };
      for (let draw = 0; draw < draws; draw += 1) {
        const values = posteriors.map((posterior) => posterior.sample());
        const top = Math.max(...values);
        tally.best[values.indexOf(top)]! += 1;
        values.forEach((value, index) => (tally.loss[index]! += top - value));
      }
      return tally;
    });
    posteriors.forEach((_p, index) => {
      expect(Math.abs(result.chanceToBeBest[index]! - best[index]! / draws)).toBeLessThan(0.005);
      expect(Math.abs(result.expectedLoss[index]! - loss[index]! / draws)).toBeLessThan(0.0002);
    });
    expect(result.chanceToBeBest.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 5);
  });
});

describe('posterior intervals match the binomial and Poisson tail identities', () => {
  const binomialAtLeast = (trials: number, p: number, k: number) => {
    let total = 0;
    for (let i = k; i <= trials; i += 1) {
      total += Math.exp(jStat.gammaln(trials + 1) - jStat.gammaln(i + 1) - jStat.gammaln(trials - i + 1) + i * Math.log(p) + (trials - i) * Math.log(1 - p));
    }
    return total;
  };
  const poissonAtLeast = (mean: number, k: number) => {
    let below = 0;
    for (let i = 0; i < k; i += 1) below += Math.exp(i * Math.log(mean) - mean - jStat.gammaln(i + 1));
    return 1 - below;
  };

  it.each([
    [20_000, 800],
    [120, 9],
    [5000, 0],
  ])('Beta after %i readers and %i successes: P(Beta(a, b) <= x) = P(Binomial(a + b - 1, x) >= a)', (exposures, successes) => {
    const posterior = createPosterior('shareRate', { exposures, successes });
    for (const p of [0.025, 0.975]) expect(binomialAtLeast(exposures + 1, posterior.quantile(p), successes + 1)).toBeCloseTo(p, 3);
  });

  it.each([
    [2000, 2100],
    [25, 31],
  ])('Gamma after %i links and %i clicks: P(Gamma(a, rate r) <= x) = P(Poisson(r x) >= a)', (exposures, successes) => {
    const posterior = createPosterior('clickThrough', { exposures, successes });
    for (const p of [0.025, 0.975]) expect(poissonAtLeast((1 + exposures) * posterior.quantile(p), 1 + successes)).toBeCloseTo(p, 3);
  });
});

import jStat from 'jstat';
import { metricDefinitions, type ExperimentMetric } from './schema.ts';

/** The posterior of one variant's rate, after its exposures and successes. */
export type Posterior = {
  /** Posterior mean of the rate. */
  mean: number;
  pdf(x: number): number;
  cdf(x: number): number;
  /** The rate below which a fraction `p` of the posterior lies. */
  quantile(p: number): number;
  /** One draw; seed it with withSeededRandom. */
  sample(): number;
  /** Where all but 2e-9 of the posterior mass lies: the range numerical integration covers. */
  support: [number, number];
};

/** Priors: Beta(1,1) (uniform) for binomial rates; Gamma(1,1) (worth one exposure with one success) for counts. */
const PRIOR = { binomial: { alpha: 1, beta: 1 }, count: { shape: 1, rate: 1 } } as const;
const TAIL = 1e-9;

/**
 * The conjugate posterior of a variant's rate for a metric: Beta(1 + successes, 1 + failures)
 * for binomial metrics, Gamma(shape 1 + successes, rate 1 + exposures) for count metrics
 * (clicks per share link, Poisson). Distribution functions and sampling are jstat's.
 * Throws a RangeError for counts that cannot come from the metric (a binomial success without
 * an exposure to succeed).
 */
export function createPosterior(metric: ExperimentMetric, counts: { exposures: number; successes: number }): Posterior {
  const { exposures, successes } = counts;
  if (!Number.isInteger(exposures) || !Number.isInteger(successes) || exposures < 0 || successes < 0) {
    throw new RangeError(`${metric}: exposures and successes are whole numbers >= 0 (got ${exposures}, ${successes})`);
  }
  if (metricDefinitions[metric].kind === 'binomial') {
    if (successes > exposures) {
      throw new RangeError(`${metric} counts at most one success per exposure (${metricDefinitions[metric].successes}); got ${successes} of ${exposures}`);
    }
    return family(jStat.beta, PRIOR.binomial.alpha + successes, PRIOR.binomial.beta + exposures - successes);
  }
  return family(jStat.gamma, PRIOR.count.shape + successes, 1 / (PRIOR.count.rate + exposures));
}

function family(dist: typeof jStat.beta, a: number, b: number): Posterior {
  const quantile = (p: number) => dist.inv(p, a, b);
  return {
    mean: dist.mean(a, b),
    pdf: (x) => dist.pdf(x, a, b),
    cdf: (x) => dist.cdf(x, a, b),
    quantile,
    sample: () => dist.sample(a, b),
    support: [quantile(TAIL), quantile(1 - TAIL)],
  };
}

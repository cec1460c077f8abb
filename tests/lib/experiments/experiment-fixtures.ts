import jStat from 'jstat';
import { experimentSchema, type Experiment, type ExperimentMetric } from '../../../src/lib/experiments/schema.ts';

/** A valid experiment file's data, with `over` replacing top-level fields. */
export function experimentFile(over: Record<string, unknown> = {}) {
  return {
    name: 'Headline test',
    hypothesis: 'A concrete headline gets shared more.',
    story: 'fourteen-winters-one-shell',
    metric: 'shareRate',
    variants: [{ id: 'control' }, { id: 'b', headline: 'Her shell split in a blizzard. We fixed it.' }],
    ...over,
  };
}

/** A parsed experiment with `count` variants (control, b, c, d) on `metric`. */
export function experiment(metric: ExperimentMetric = 'shareRate', count = 2, over: Record<string, unknown> = {}): Experiment {
  const ids = ['control', 'b', 'c', 'd'].slice(0, count);
  return {
    id: 'sim',
    ...experimentSchema.parse(experimentFile({ metric, goal: 'newsletter', variants: ids.map((id) => ({ id })), ...over })),
  };
}

/**
 * Draws from an exact discrete distribution by inversion: one uniform per draw. Its table holds
 * every outcome within 9 standard deviations of the mean (what lies outside has probability
 * below 1e-18, never drawn with 2^32-step uniforms).
 */
function inversionSampler(logPmf: (k: number) => number, mean: number, sd: number) {
  const lo = Math.max(0, Math.floor(mean - 9 * sd));
  const hi = Math.ceil(mean + 9 * sd);
  const cumulative: number[] = [];
  let total = 0;
  for (let k = lo; k <= hi; k += 1) cumulative.push((total += Math.exp(logPmf(k))));
  return (uniform: number) => {
    const target = uniform * total;
    let [a, b] = [0, cumulative.length - 1];
    while (a < b) {
      const mid = (a + b) >> 1;
      if (cumulative[mid]! < target) a = mid + 1;
      else b = mid;
    }
    return lo + a;
  };
}

/** Successes among n readers who each succeed with probability p: Binomial(n, p). */
export function binomialSampler(n: number, p: number) {
  const { gammaln } = jStat;
  const logPmf = (k: number) =>
    k > n ? -Infinity : gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p);
  return inversionSampler(logPmf, n * p, Math.sqrt(n * p * (1 - p)));
}

/** Clicks on `links` share links that each earn Poisson(rate) clicks: Poisson(links × rate). */
export function poissonSampler(links: number, rate: number) {
  const { gammaln } = jStat;
  const mean = links * rate;
  return inversionSampler((k) => k * Math.log(mean) - mean - gammaln(k + 1), mean, Math.sqrt(mean));
}

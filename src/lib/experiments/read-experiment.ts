import { checkSampleRatio } from './check-sample-ratio.ts';
import { comparePosteriors } from './compare-posteriors.ts';
import { createPosterior } from './create-posterior.ts';
import { decideVerdict } from './decide-verdict.ts';
import { equalWeights } from './equal-weights.ts';
import type { Experiment, ExperimentMetric, ExperimentReadout, MetricCounts, VariantReadout, Weights } from './schema.ts';

/** Counts a readout is made of; every record is keyed by variant id (a missing variant counts as 0). */
export type ReadoutInput = {
  /** Readers assigned to each variant (exposures): what the sample-ratio check counts. */
  readers: Record<string, number>;
  /** Exposures and successes per metric: the primary metric's, and any secondary metric's. */
  counts: Partial<Record<ExperimentMetric, MetricCounts>>;
  /** Traffic shares now (a bandit's latest weights); equal shares by default. */
  weights?: Weights;
  /**
   * Shares the readers should follow, for the sample-ratio check; `weights` by default. For a
   * bandit, whose weights changed over time, pass expectedShares(its weight history).
   */
  expectedShares?: Weights;
  /** When the experiment started running. */
  startedAt?: Date | string | null;
};

const CREDIBLE_MASS = 0.95;

/**
 * The readout of an experiment (the dashboard's API answer): per variant its counts, rate, 95%
 * credible interval, chance to beat the control, chance to be best, expected loss and weight, for
 * the primary metric and each secondary one; the sample-ratio check; and the verdict on the
 * primary metric. Deterministic: the same counts always read the same.
 */
export function readExperiment(experiment: Experiment, input: ReadoutInput): ExperimentReadout {
  const weights = input.weights ?? equalWeights(experiment);
  const shares = input.expectedShares ?? weights;
  const ids = experiment.variants.map((variant) => variant.id);
  const srm = checkSampleRatio(
    ids.map((id) => input.readers[id] ?? 0),
    ids.map((id) => shares[id] ?? 0),
  );
  const readMetric = (metric: ExperimentMetric) => readVariants(metric, ids, input.counts[metric] ?? {}, weights);
  const variants = readMetric(experiment.metric);
  const startedAt = input.startedAt instanceof Date ? input.startedAt.toISOString() : (input.startedAt ?? null);
  return {
    id: experiment.id,
    story: experiment.story,
    status: experiment.status,
    metric: experiment.metric,
    allocation: experiment.allocation,
    startedAt,
    variants,
    srm,
    verdict: decideVerdict({ metric: experiment.metric, thresholds: experiment.thresholds, variants, srm }),
    secondary: experiment.secondary.map((metric) => ({ metric, variants: readMetric(metric) })),
  };
}

function readVariants(metric: ExperimentMetric, ids: string[], counts: MetricCounts, weights: Weights): VariantReadout[] {
  const rows = ids.map((id) => ({ id, exposures: counts[id]?.exposures ?? 0, successes: counts[id]?.successes ?? 0 }));
  const posteriors = rows.map((row) => createPosterior(metric, row));
  const comparison = comparePosteriors(posteriors);
  const tail = (1 - CREDIBLE_MASS) / 2;
  return rows.map((row, index) => ({
    ...row,
    rate: row.exposures > 0 ? row.successes / row.exposures : 0,
    interval: [posteriors[index]!.quantile(tail), posteriors[index]!.quantile(1 - tail)],
    chanceToBeatControl: comparison.chanceToBeatControl[index] ?? null,
    chanceToBeBest: comparison.chanceToBeBest[index]!,
    expectedLoss: comparison.expectedLoss[index]!,
    weight: weights[row.id] ?? 0,
  }));
}

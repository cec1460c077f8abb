import { metricDefinitions, type ExperimentData, type ExperimentMetric, type VariantReadout, type Verdict } from './schema.ts';

/** "b" -> "B", "control" -> "Control": how a variant is named in a sentence. */
const label = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

const percent = (p: number) => (p >= 0.995 ? '>99%' : `${Math.round(p * 100)}%`);

/** A loss in the metric's unit: percentage points for rates, clicks for clicks per share link. */
function formatLoss(metric: ExperimentMetric, loss: number): string {
  const [value, unit] = metricDefinitions[metric].kind === 'count' ? [loss, 'clicks per share link'] : [loss * 100, 'pp'];
  if (value < 0.001) return `<0.001 ${unit}`;
  return `${value < 0.1 ? Number(value.toPrecision(2)) : value.toFixed(1)} ${unit}`;
}

/**
 * The plain-language verdict on the primary metric, the first variant being the control:
 * - `check-assignment` when the sample-ratio check flags the split (nothing else can be trusted);
 * - `ship` when a variant's chance to be best reaches thresholds.chanceToBeBest and its expected
 *   loss is below thresholds.expectedLoss times the control's rate (the control can win too);
 * - `no-difference` when every variant's expected loss is below that bound: choosing any of them
 *   gives up almost nothing, but none is clearly best;
 * - `keep-running` otherwise.
 */
export function decideVerdict(input: {
  metric: ExperimentMetric;
  thresholds: ExperimentData['thresholds'];
  variants: Pick<VariantReadout, 'id' | 'rate' | 'chanceToBeBest' | 'expectedLoss'>[];
  srm: { pValue: number; mismatch: boolean };
}): Verdict {
  const { metric, thresholds, variants, srm } = input;
  if (srm.mismatch) {
    return {
      decision: 'check-assignment',
      winner: null,
      text: `Sample ratio mismatch (p = ${srm.pValue.toExponential(1)}): readers are not split as allocated; fix assignment before reading the results`,
    };
  }
  const lossBound = thresholds.expectedLoss * (variants[0]?.rate ?? 0);
  const best = variants.reduce((top, variant) => (variant.chanceToBeBest > top.chanceToBeBest ? variant : top), variants[0]!);
  const detail = `chance to be best ${percent(best.chanceToBeBest)}, expected loss ${formatLoss(metric, best.expectedLoss)}`;
  if (best.chanceToBeBest >= thresholds.chanceToBeBest && best.expectedLoss < lossBound) {
    return { decision: 'ship', winner: best.id, text: `${label(best.id)} is very likely better (${detail})` };
  }
  if (variants.every((variant) => variant.expectedLoss < lossBound)) {
    return {
      decision: 'no-difference',
      winner: null,
      text: `No meaningful difference yet (every variant's expected loss is under ${formatLoss(metric, lossBound)})`,
    };
  }
  return { decision: 'keep-running', winner: null, text: `Keep running (leading: ${label(best.id)}, ${detail})` };
}

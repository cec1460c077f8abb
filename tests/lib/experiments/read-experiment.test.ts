import { describe, expect, it } from 'vitest';
import { checkSampleRatio } from '../../../src/lib/experiments/check-sample-ratio.ts';
import { readExperiment, type ReadoutInput } from '../../../src/lib/experiments/read-experiment.ts';
import { experimentReadoutSchema, type ExperimentMetric } from '../../../src/lib/experiments/schema.ts';
import { experiment } from './experiment-fixtures.ts';

/** A readout of two variants on `metric` from [exposures, successes] each; readers = exposures. */
function readTwo([n0, s0]: [number, number], [n1, s1]: [number, number], metric: ExperimentMetric = 'shareRate', over: Record<string, unknown> = {}) {
  const counts = { control: { exposures: n0, successes: s0 }, b: { exposures: n1, successes: s1 } };
  return readExperiment(experiment(metric, 2, over), { readers: { control: n0, b: n1 }, counts: { [metric]: counts } });
}

describe('readExperiment', () => {
  it('fills the dashboard API shape, secondary metrics included', () => {
    const subject = experiment('shareRate', 3, { secondary: ['readRate', 'clickThrough'], status: 'running' });
    const input: ReadoutInput = {
      readers: { control: 1000, b: 1000, c: 1000 },
      counts: {
        shareRate: { control: { exposures: 1000, successes: 40 }, b: { exposures: 1000, successes: 55 }, c: { exposures: 1000, successes: 41 } },
        readRate: { control: { exposures: 1000, successes: 600 }, b: { exposures: 1000, successes: 610 } },
      },
      startedAt: new Date('2026-11-20T10:00:00Z'),
    };
    const readout = readExperiment(subject, input);
    expect(experimentReadoutSchema.parse(readout)).toEqual(readout);
    expect(readout).toMatchObject({ id: 'sim', story: 'fourteen-winters-one-shell', status: 'running', metric: 'shareRate', allocation: 'equal', startedAt: '2026-11-20T10:00:00.000Z' });
    expect(readout.variants.map((variant) => [variant.id, variant.rate, variant.weight])).toEqual([
      ['control', 0.04, 1 / 3],
      ['b', 0.055, 1 / 3],
      ['c', 0.041, 1 / 3],
    ]);
    expect(readout.variants[0]!.chanceToBeatControl).toBeNull();
    expect(readout.secondary.map((entry) => entry.metric)).toEqual(['readRate', 'clickThrough']);
    expect(readout.secondary[0]!.variants[2]).toMatchObject({ id: 'c', exposures: 0, successes: 0, rate: 0 });
    expect(readout).toEqual(readExperiment(subject, input));
  });

  it.each([
    ['a clear winner', [20_000, 800], [20_000, 1000], {}, 'ship', 'b', /^B is very likely better \(chance to be best >99%, expected loss <0\.001 pp\)$/],
    ['a winning control', [20_000, 1000], [20_000, 800], {}, 'ship', 'control', /^Control is very likely better/],
    ['a likely winner short of the threshold', [20_000, 800], [20_000, 850], {}, 'keep-running', null, /^Keep running \(leading: B, chance to be best 90%, expected loss 0\.0099 pp\)$/],
    ['a winner short of a stricter threshold', [20_000, 800], [20_000, 900], { thresholds: { chanceToBeBest: 0.999 } }, 'keep-running', null, /^Keep running/],
    ['no data yet', [0, 0], [0, 0], {}, 'keep-running', null, /chance to be best 50%/],
    ['equal rates over millions of readers', [2_000_000, 80_000], [2_000_000, 80_000], {}, 'no-difference', null, /^No meaningful difference yet \(every variant's expected loss is under 0\.02 pp\)$/],
    ['a broken split', [10_000, 400], [10_500, 420], {}, 'check-assignment', null, /^Sample ratio mismatch \(p = 4\.\de-4\)/],
  ] as const)('decides on %s', (_case, control, variant, over, decision, winner, text) => {
    const { verdict } = readTwo([...control], [...variant], 'shareRate', over);
    expect(verdict).toEqual({ decision, winner, text: expect.stringMatching(text) });
  });

  it('states the expected loss of a count metric in clicks per share link', () => {
    expect(readTwo([2000, 2000], [2000, 2400], 'clickThrough').verdict.text).toMatch(/expected loss <0\.001 clicks per share link\)$/);
  });

  it('checks the split against the bandit shares it was given, not equal ones', () => {
    const counts = { control: { exposures: 2000, successes: 80 }, b: { exposures: 8000, successes: 330 } };
    const subject = experiment('shareRate', 2, { allocation: 'bandit' });
    const readers = { control: 2000, b: 8000 };
    const weights = { control: 0.1, b: 0.9 };
    const read = (expectedShares?: Record<string, number>) => readExperiment(subject, { readers, counts: { shareRate: counts }, weights, ...(expectedShares ? { expectedShares } : {}) });
    expect(read({ control: 0.2, b: 0.8 }).srm.mismatch).toBe(false);
    expect(read().srm.mismatch).toBe(true);
    expect(read().variants.map((variant) => variant.weight)).toEqual([0.1, 0.9]);
  });

  it('refuses binomial counts with more successes than exposures', () => {
    expect(() => readTwo([100, 120], [100, 3])).toThrow(RangeError);
  });
});

describe('checkSampleRatio', () => {
  it.each([
    ['an even split', [10_000, 10_050], [1, 1], false],
    ['a 20/80 split as allocated', [2010, 7990], [0.2, 0.8], false],
    ['a 20/80 split read as equal', [2010, 7990], [0.5, 0.5], true],
    ['5% too many in one of two arms', [10_000, 10_500], [1, 1], true],
    ['four arms, one starved', [5000, 5000, 5000, 4600], [1, 1, 1, 1], true],
    ['readers in an arm given no traffic', [10, 5], [1, 0], true],
  ])('%s: mismatch %s', (_case, exposures, shares, mismatch) => {
    expect(checkSampleRatio(exposures, shares).mismatch).toBe(mismatch);
  });

  it('gives the chi-square p-value: 10.83 on one degree of freedom is p = 0.001', () => {
    // (n0 - n/2)^2 / (n/2) * 2 = 10.83 with n = 10,000: n0 = 5000 + sqrt(10.83 * 5000 / 2) ≈ 5164.5.
    expect(checkSampleRatio([5164.5, 4835.5], [1, 1]).pValue).toBeCloseTo(0.001, 4);
    expect(checkSampleRatio([0, 0], [1, 1])).toEqual({ pValue: 1, mismatch: false });
  });
});

import { describe, expect, it } from 'vitest';
import { computeBanditWeights } from '../../../src/lib/experiments/compute-bandit-weights.ts';
import { expectedShares } from '../../../src/lib/experiments/expected-shares.ts';
import { createRandom } from '../../../src/lib/simulation/create-random.ts';
import { experiment } from './experiment-fixtures.ts';

const random = () => createRandom(42).next;
const counts = (...arms: [number, number][]) =>
  Object.fromEntries(arms.map(([exposures, successes], index) => [['control', 'b', 'c', 'd'][index]!, { exposures, successes }]));
const sum = (weights: Record<string, number>) => Object.values(weights).reduce((total, weight) => total + weight, 0);

describe('computeBanditWeights', () => {
  it.each([
    ['no exposures yet', counts([0, 0], [0, 0])],
    ['one variant short of 100 exposures', counts([5000, 200], [99, 10])],
  ])('keeps equal weights during the burn-in: %s', (_case, data) => {
    expect(computeBanditWeights(experiment('shareRate', 2), data, { random: random() })).toEqual({
      weights: { control: 0.5, b: 0.5 },
      phase: 'burn-in',
    });
  });

  it('sends most traffic to the likely best variant, never less than 5% to any', () => {
    const { weights, phase } = computeBanditWeights(experiment('shareRate', 4), counts([5000, 200], [5000, 260], [5000, 190], [5000, 150]), { random: random() });
    expect(phase).toBe('thompson');
    expect(weights.b).toBeGreaterThan(0.8);
    for (const weight of Object.values(weights)) expect(weight).toBeGreaterThanOrEqual(0.05);
    expect(sum(weights)).toBeCloseTo(1, 10);
  });

  it('shares traffic by the chance to be best when it is close', () => {
    // Equal counts: each arm is best in half the draws, 0.5 ± 0.0035 with 20,000 draws.
    const { weights } = computeBanditWeights(experiment('shareRate', 2), counts([1000, 40], [1000, 40]), { random: random() });
    expect(Math.abs(weights.control! - 0.5)).toBeLessThan(0.015);
  });

  it('gives the same weights for the same counts and seed', () => {
    const data = counts([800, 30], [800, 36], [800, 33]);
    const read = () => computeBanditWeights(experiment('clickThrough', 3), data, { random: random() });
    expect(read()).toEqual(read());
  });

  it('refuses a floor the variants cannot all get', () => {
    expect(() => computeBanditWeights(experiment('shareRate', 4), counts(), { random: random(), floor: 0.3 })).toThrow(RangeError);
  });
});

describe('expectedShares', () => {
  it('weighs each period of a bandit by the readers it assigned', () => {
    const periods = [
      { weights: { control: 0.5, b: 0.5 }, readers: 1000 },
      { weights: { control: 0.1, b: 0.9 }, readers: 3000 },
    ];
    const shares = expectedShares(periods)!;
    expect(shares.control).toBeCloseTo(0.2, 10);
    expect(shares.b).toBeCloseTo(0.8, 10);
    expect(expectedShares([])).toBeUndefined();
  });
});

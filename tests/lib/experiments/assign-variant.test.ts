import { describe, expect, it } from 'vitest';
import { assignVariant } from '../../../src/lib/experiments/assign-variant.ts';
import { checkSampleRatio } from '../../../src/lib/experiments/check-sample-ratio.ts';
import { experiment } from './experiment-fixtures.ts';

const readers = Array.from({ length: 20_000 }, (_v, index) => `reader-${index}`);

function split(ids: string[], assigned: string[]) {
  return ids.map((id) => assigned.filter((variant) => variant === id).length);
}

describe('assignVariant', () => {
  it('gives a reader the same variant every time, and a different draw in another experiment', () => {
    const first = experiment('shareRate', 2);
    const other = { ...first, id: 'another' };
    const assigned = readers.slice(0, 2000).map((reader) => assignVariant(first, reader));
    expect(readers.slice(0, 2000).map((reader) => assignVariant(first, reader))).toEqual(assigned);
    const agree = readers.slice(0, 2000).filter((reader, index) => assignVariant(other, reader) === assigned[index]).length;
    // Independent experiments agree on about half the readers: 1000 ± 22 (one standard error).
    expect(Math.abs(agree - 1000)).toBeLessThan(100);
  });

  it.each([
    ['two variants, equal', 2, undefined, [0.5, 0.5]],
    ['four variants, equal', 4, undefined, [0.25, 0.25, 0.25, 0.25]],
    ['three variants, bandit weights', 3, { control: 0.05, b: 0.15, c: 0.8 }, [0.05, 0.15, 0.8]],
  ] as const)('splits 20,000 readers within the sample-ratio tolerance: %s', (_case, count, weights, shares) => {
    const subject = experiment('shareRate', count);
    const ids = subject.variants.map((variant) => variant.id);
    const counts = split(ids, readers.map((reader) => assignVariant(subject, reader, weights)));
    expect(checkSampleRatio(counts, [...shares]).pValue).toBeGreaterThan(0.05);
  });

  it('moves readers only to the variant whose weight rose, about as many as its gain', () => {
    // b goes from 25% to 50%, the others scaled down together (as a bandit update does).
    const subject = experiment('shareRate', 3);
    const before = { control: 0.5, b: 0.25, c: 0.25 };
    const after = { control: 0.5 * (2 / 3), b: 0.5, c: 0.25 * (2 / 3) };
    const moved = readers
      .map((reader) => [assignVariant(subject, reader, before), assignVariant(subject, reader, after)] as const)
      .filter(([from, to]) => from !== to);
    expect(moved.every(([from, to]) => to === 'b' && from !== 'b')).toBe(true);
    // 25% of 20,000 readers should move: 5000 ± 61 (one standard error).
    expect(Math.abs(moved.length - 5000)).toBeLessThan(250);
  });

  it('never assigns a variant without weight, and refuses weights that leave no variant', () => {
    const subject = experiment('shareRate', 2);
    expect(new Set(readers.slice(0, 500).map((reader) => assignVariant(subject, reader, { control: 0, b: 1 })))).toEqual(new Set(['b']));
    expect(() => assignVariant(subject, 'reader', { control: 0, b: 0 })).toThrow(RangeError);
  });
});

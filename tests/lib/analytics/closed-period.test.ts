import { describe, expect, it } from 'vitest';
import { daysOf, resolvePeriod } from '../../../src/lib/analytics/closed-period.ts';

const NOW = Date.parse('2026-11-23T15:00:00Z');

describe('resolvePeriod', () => {
  it.each([
    [{}, { from: '2026-10-25', to: '2026-11-23' }, 30],
    [{ days: '7' }, { from: '2026-11-17', to: '2026-11-23' }, 7],
    [{ from: '2026-11-01', to: '2026-11-05' }, { from: '2026-11-01', to: '2026-11-05' }, undefined],
    [{ from: '2026-11-20' }, { from: '2026-11-20', to: '2026-11-23' }, undefined],
    [{ to: '2026-01-30' }, { from: '2026-01-01', to: '2026-01-30' }, undefined],
    [{ from: '', to: '', days: '' }, { from: '2026-10-25', to: '2026-11-23' }, 30],
  ])('reads %j as %j', (query, period, days) => {
    expect(resolvePeriod(query, NOW)).toEqual(days ? { period, days } : { period });
  });

  it.each([
    [{ days: '0' }, /days: choose at least 1 day/],
    [{ days: '5000' }, /days: choose at most 400 days/],
    [{ days: 'lots' }, /days: use a whole number of days/],
    [{ from: '2026-02-30' }, /not a real date/],
    [{ from: 'yesterday' }, /ISO date/],
    [{ from: '2026-05-02', to: '2026-05-01' }, /from must not be after to/],
    [{ from: '2020-01-01', to: '2026-01-01' }, /at most 400 days/],
    [{ days: '500' }, /days: choose at most 400 days/],
  ])('refuses %j with a message', (query, message) => {
    const result = resolvePeriod(query, NOW);
    expect('error' in result && result.error).toMatch(message);
  });

  it('lists every day of a period, across a month end', () => {
    expect(daysOf({ from: '2026-02-27', to: '2026-03-02' })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });
});

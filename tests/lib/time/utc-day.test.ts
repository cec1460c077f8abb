import { describe, expect, it } from 'vitest';
import { DAY_MS, dayEnd, dayStart, utcDay } from '../../../src/lib/time/utc-day.ts';

describe('UTC days', () => {
  it.each([
    ['the first millisecond of a day', '2026-11-10T00:00:00.000Z', '2026-11-10'],
    ['the last millisecond of a day', '2026-11-10T23:59:59.999Z', '2026-11-10'],
    ['a time after midnight UTC that is still the evening before in New York', '2026-11-11T02:00:00.000-05:00', '2026-11-11'],
    ['the leap day', '2028-02-29T12:00:00.000Z', '2028-02-29'],
    ['a time before 1970', '1969-12-31T23:59:59.999Z', '1969-12-31'],
  ])('utcDay names the UTC day of %s', (_, iso, day) => {
    expect(utcDay(Date.parse(iso))).toBe(day);
  });

  it('utcDay answers each time on its own day when times alternate between days (the cache follows)', () => {
    const monday = Date.parse('2026-11-09T10:00:00.000Z');
    expect([monday, monday + DAY_MS, monday, monday + DAY_MS].map(utcDay)).toEqual(['2026-11-09', '2026-11-10', '2026-11-09', '2026-11-10']);
  });

  it.each(['2026-11-10', '2028-02-29', '2026-12-31'])('dayStart and dayEnd of %s bound exactly the times utcDay puts on it', (day) => {
    expect(utcDay(dayStart(day))).toBe(day);
    expect(utcDay(dayEnd(day) - 1)).toBe(day);
    expect(utcDay(dayEnd(day))).not.toBe(day);
    expect(dayEnd(day) - dayStart(day)).toBe(DAY_MS);
  });
});

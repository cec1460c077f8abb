/** Milliseconds in a UTC day (UTC has no daylight saving, so every day is this long). */
export const DAY_MS = 86_400_000;

let cachedDayNumber = -1;
let cachedDay = '';

/**
 * The UTC day 'YYYY-MM-DD' of an epoch-millisecond time: the unit of every rollup. The last
 * answer is kept, since a click batch's times nearly always fall on one day.
 */
export function utcDay(time: number): string {
  const dayNumber = Math.floor(time / DAY_MS);
  if (dayNumber !== cachedDayNumber) {
    cachedDay = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    cachedDayNumber = dayNumber;
  }
  return cachedDay;
}

/** The first millisecond of a UTC day 'YYYY-MM-DD'. */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

/** The first millisecond after a UTC day 'YYYY-MM-DD' (the next day's start). */
export function dayEnd(day: string): number {
  return dayStart(day) + DAY_MS;
}

let cachedDayNumber = -1;
let cachedDay = '';

/** The UTC day 'YYYY-MM-DD' of an epoch-millisecond time: the unit of every rollup. */
export function utcDay(time: number): string {
  const dayNumber = Math.floor(time / 86_400_000);
  if (dayNumber !== cachedDayNumber) {
    cachedDay = new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
    cachedDayNumber = dayNumber;
  }
  return cachedDay;
}

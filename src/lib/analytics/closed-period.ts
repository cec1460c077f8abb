import { z } from 'zod';
import { DAY_MS, dayEnd, dayStart, utcDay } from '../time/utc-day.ts';
import { DEFAULT_RAW_CLICK_RETENTION_DAYS } from '../config/schema.ts';
import { periodSchema } from './schema.ts';

/** The quick choices of the dashboard's period picker, in days ending today. */
export const PERIOD_PRESETS = [7, 30, 90, 365] as const;
const DEFAULT_DAYS = 30;

/** An inclusive range of UTC days, both ends known. */
export type ClosedPeriod = { from: string; to: string };

/** The first millisecond of `from` and the first after `to`. */
export function periodBounds(period: ClosedPeriod): { start: number; end: number } {
  return { start: dayStart(period.from), end: dayEnd(period.to) };
}

/** Every day of the period, in order. */
export function daysOf(period: ClosedPeriod): string[] {
  const { start, end } = periodBounds(period);
  const days: string[] = [];
  for (let time = start; time < end; time += DAY_MS) days.push(utcDay(time));
  return days;
}

const querySchema = (maxDays: number) =>
  z.object({ days: z.coerce.number('use a whole number of days').int('use a whole number of days').min(1, 'choose at least 1 day').max(maxDays, `choose at most ${maxDays} days`).optional() }).and(periodSchema);

/**
 * The period a dashboard page or /api/stats/overview shows: `from` and `to` (UTC days), or
 * `days` ending today, or the last 30 days, at most `maxDays` long (the raw-click retention:
 * RAW_CLICK_RETENTION_DAYS). Undefined values mean "not given". Returns an error message a person
 * can act on for a bad query.
 */
export function resolvePeriod(
  query: Record<string, string | undefined>,
  now: number,
  maxDays = DEFAULT_RAW_CLICK_RETENTION_DAYS,
): { period: ClosedPeriod; days?: number } | { error: string } {
  const parsed = querySchema(maxDays).safeParse({ days: query.days || undefined, from: query.from || undefined, to: query.to || undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    return { error: field ? `${field}: ${issue.message}` : issue.message };
  }
  const today = utcDay(now);
  const { from, to, days } = parsed.data;
  if (from || to) {
    const end = to ?? (from! > today ? from! : today);
    const start = from ?? utcDay(dayStart(end) - (DEFAULT_DAYS - 1) * DAY_MS);
    if (start > end) return { error: 'from must not be after to' };
    if ((Date.parse(end) - Date.parse(start)) / DAY_MS + 1 > maxDays) return { error: `choose at most ${maxDays} days` };
    return { period: { from: start, to: end } };
  }
  const length = days ?? DEFAULT_DAYS;
  return { period: { from: utcDay(now - (length - 1) * DAY_MS), to: today }, days: length };
}

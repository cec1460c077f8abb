import { resolvePeriod, type ClosedPeriod } from '../analytics/closed-period.ts';

/** The period a dashboard page shows (`days` when a preset), why the URL's was refused, the CSV table wanted, every parameter. */
export type DashboardQuery = { period: ClosedPeriod; days?: number | undefined; error?: string; csv?: string | undefined; params: Record<string, string> };

/**
 * What every dashboard page reads from its URL: the period (a bad one falls back to the last
 * 30 days with a message) and which table to export as CSV, if any.
 */
export function readDashboardQuery(url: URL, now: number, maxDays?: number): DashboardQuery {
  const params = Object.fromEntries(url.searchParams.entries());
  const resolved = resolvePeriod(params, now, maxDays);
  const csv = params.csv && /^[a-z-]{1,40}$/.test(params.csv) ? params.csv : undefined;
  if ('error' in resolved) {
    const fallback = resolvePeriod({}, now, maxDays) as { period: ClosedPeriod; days: number };
    return { ...fallback, error: resolved.error, csv, params };
  }
  return { ...resolved, csv, params };
}

import type { Funnel } from './schema.ts';

/** a / b rounded to four decimals; 0 when b is 0 (no shares yet: no K-factor, not infinity). */
export function ratio(a: number, b: number): number {
  return b === 0 ? 0 : Math.round((a / b) * 10_000) / 10_000;
}

/** A funnel with every count at zero, to sum into. */
export function emptyFunnel(): Funnel {
  return { shares: 0, clicks: 0, uniqueVisitors: 0, conversions: 0, reshares: 0 };
}

/** Adds the counts of `funnel` into `into` (which it changes). */
export function addFunnel(into: Funnel, funnel: Funnel): void {
  into.shares += funnel.shares;
  into.clicks += funnel.clicks;
  into.uniqueVisitors += funnel.uniqueVisitors;
  into.conversions += funnel.conversions;
  into.reshares += funnel.reshares;
}

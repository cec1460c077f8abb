import { addFunnel, emptyFunnel, ratio } from './funnel.ts';
import type { Funnel, Stats } from './schema.ts';

/** One aggregated row: a (generation, channel) cell of the funnel. */
export type Cell = Funnel & { generation: number; channel: string };

/** The median of durations in ms, in whole seconds; null when there are none. */
export function medianSeconds(durations: number[]): number | null {
  if (durations.length === 0) return null;
  const sorted = [...durations].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(median / 1000);
}

/**
 * Turns funnel cells into the stats answer. K-factor = reshares / shares, reported with its two
 * factors: unique visitors per link and reshares per unique visitor (their product). The cycle
 * time comes as its median (medianSeconds, or read at its rank for the overview).
 */
export function buildStats(cells: Cell[], cycleTimeSeconds: number | null, excludedRows: { reason: string; hits: number }[]): Stats {
  const total = emptyFunnel();
  const generations = new Map<number, Funnel>();
  const channels = new Map<string, Funnel>();
  for (const cell of cells) {
    addFunnel(total, cell);
    const generation = generations.get(cell.generation) ?? emptyFunnel();
    addFunnel(generation, cell);
    generations.set(cell.generation, generation);
    const channel = channels.get(cell.channel) ?? emptyFunnel();
    addFunnel(channel, cell);
    channels.set(cell.channel, channel);
  }
  const excluded: Stats['excluded'] = { bot: 0, preview: 0, head: 0 };
  for (const row of excludedRows) excluded[row.reason] = (excluded[row.reason] ?? 0) + Number(row.hits);
  return {
    ...total,
    kFactor: ratio(total.reshares, total.shares),
    visitorsPerLink: ratio(total.uniqueVisitors, total.shares),
    resharesPerVisitor: ratio(total.reshares, total.uniqueVisitors),
    cycleTimeSeconds,
    generations: [...generations.entries()]
      .sort(([a], [b]) => a - b)
      .map(([generation, funnel]) => ({
        generation,
        links: funnel.shares,
        clicks: funnel.clicks,
        uniqueVisitors: funnel.uniqueVisitors,
        conversions: funnel.conversions,
      })),
    channels: [...channels.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([channel, funnel]) => ({ channel, ...funnel })),
    excluded,
  };
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { dayEnd, dayStart } from '../time/utc-day.ts';
import { buildStats, medianSeconds } from './build-stats.ts';
import { ratio } from './funnel.ts';
import { getGoals, getReading, type GoalRow, type Reading } from './get-reading.ts';
import type { Period, SegmentRow, Segments, Stats } from './schema.ts';

/**
 * A story's stats: its pass-along funnel, and its readers (views, readers, reads, read rate,
 * sources of its page), share rate (share links made / readers) and conversions per goal.
 */
export type StoryStats = Stats & Reading & { segments: Segments; shareRate: number; goals: GoalRow[] };

/** The page of a story, as the reader rollups key it. */
export const storyPage = (slug: string) => `/stories/${slug}/`;

/** Stats of a story's whole pass-along and of its readers, read from the rollups (never raw clicks or events). */
export async function getStoryStats(db: Kysely<Database>, storySlug: string, period: Period = {}): Promise<StoryStats> {
  let cells = db
    .selectFrom('story_daily')
    .select(({ fn }) => [
      'generation',
      'channel',
      fn.sum<number>('shares').as('shares'),
      fn.sum<number>('reshares').as('reshares'),
      fn.sum<number>('clicks').as('clicks'),
      fn.sum<number>('unique_visitors').as('uniqueVisitors'),
      fn.sum<number>('conversions').as('conversions'),
    ])
    .where('story_slug', '=', storySlug)
    .groupBy(['generation', 'channel']);
  if (period.from) cells = cells.where('day', '>=', period.from);
  if (period.to) cells = cells.where('day', '<=', period.to);

  let cycles = db
    .selectFrom('share_links')
    .select('cycle_ms')
    .where('story_slug', '=', storySlug)
    .where('cycle_ms', 'is not', null);
  if (period.from) cycles = cycles.where('created_at', '>=', dayStart(period.from));
  if (period.to) cycles = cycles.where('created_at', '<', dayEnd(period.to));

  let excluded = db
    .selectFrom('excluded_daily')
    .innerJoin('share_links', 'share_links.code', 'excluded_daily.code')
    .select(({ fn }) => ['excluded_daily.reason as reason', fn.sum<number>('excluded_daily.hits').as('hits')])
    .where('share_links.story_slug', '=', storySlug)
    .groupBy('excluded_daily.reason');
  if (period.from) excluded = excluded.where('excluded_daily.day', '>=', period.from);
  if (period.to) excluded = excluded.where('excluded_daily.day', '<=', period.to);

  let segmentQuery = db
    .selectFrom('segment_daily')
    .select(({ fn }) => ['dimension', 'value', fn.sum<number>('clicks').as('clicks'), fn.sum<number>('unique_visitors').as('uniqueVisitors')])
    .where('story_slug', '=', storySlug)
    .groupBy(['dimension', 'value']);
  if (period.from) segmentQuery = segmentQuery.where('day', '>=', period.from);
  if (period.to) segmentQuery = segmentQuery.where('day', '<=', period.to);

  const [cellRows, cycleRows, excludedRows, segmentRows, reading, goals] = await Promise.all([
    cells.execute(),
    cycles.execute(),
    excluded.execute(),
    segmentQuery.execute(),
    getReading(db, period, [storyPage(storySlug)]),
    getGoals(db, period, storySlug),
  ]);
  const segments: Segments = { device: [], referrer: [], country: [] };
  for (const row of segmentRows) {
    const list: SegmentRow[] | undefined = segments[row.dimension as keyof Segments];
    list?.push({ value: row.value, clicks: Number(row.clicks), uniqueVisitors: Number(row.uniqueVisitors) });
  }
  for (const list of Object.values(segments)) list.sort((a, b) => b.clicks - a.clicks || a.value.localeCompare(b.value));
  const stats = buildStats(
    cellRows.map((row) => ({
      generation: Number(row.generation),
      channel: row.channel,
      shares: Number(row.shares),
      reshares: Number(row.reshares),
      clicks: Number(row.clicks),
      uniqueVisitors: Number(row.uniqueVisitors),
      conversions: Number(row.conversions),
    })),
    medianSeconds(cycleRows.map((row) => Number(row.cycle_ms))),
    excludedRows.map((row) => ({ reason: row.reason, hits: Number(row.hits) })),
  );
  return { ...stats, segments, ...reading, shareRate: ratio(stats.shares, reading.readers), goals };
}

/** The two public numbers of a story ("shared 42 times"), from one rollup sum. */
export async function getStoryTotals(db: Kysely<Database>, storySlug: string): Promise<{ shares: number; clicks: number }> {
  const row = await db
    .selectFrom('story_daily')
    .select(({ fn }) => [fn.sum<number>('shares').as('shares'), fn.sum<number>('clicks').as('clicks')])
    .where('story_slug', '=', storySlug)
    .executeTakeFirst();
  return { shares: Number(row?.shares ?? 0), clicks: Number(row?.clicks ?? 0) };
}

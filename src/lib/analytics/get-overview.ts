import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { buildStats, type Cell } from './build-stats.ts';
import { getCycleMedians } from './get-cycle-medians.ts';
import { DAY_MS } from '../time/utc-day.ts';
import { daysOf, periodBounds, type ClosedPeriod } from './closed-period.ts';
import { addFunnel, emptyFunnel, ratio } from './funnel.ts';
import { getGoals, getPageReadings, getReading, type GoalRow, type PageReading, type Reading } from './get-reading.ts';
import type { Funnel, Stats } from './schema.ts';

/** What the overview needs to know of a story to group it: its title, cause and intent. */
export type StoryFacts = { slug: string; title: string; cause: string; intent: string };

export type FunnelRow<Key extends string> = Funnel & { [K in Key]: string } & { kFactor: number };

/** One UTC day of the overview's charts. */
export type OverviewDay = Funnel & {
  day: string;
  kFactor: number;
  cycleTimeSeconds: number | null;
  bot: number;
  preview: number;
  head: number;
  views: number;
  readers: number;
  reads: number;
  shareRate: number;
};

/** What kind of page of the hub a page is, for the overview's pages[]. */
export type PageKind = 'home' | 'purpose' | 'stories' | 'story' | 'journeys' | 'journey' | 'submit' | 'other';

/**
 * The growth loop over the period: readers -> sharers (advocates who made a share link) -> clicks
 * on their links -> new readers who came through a share link, each step's rate, and the loop's
 * cycle time (median time from a link to a reshare of it).
 */
export type GrowthLoop = {
  readers: number;
  sharers: number;
  clicks: number;
  shareLinkReaders: number;
  sharersPerReader: number;
  clicksPerSharer: number;
  readersPerClick: number;
  cycleTimeSeconds: number | null;
};

/** Answer of GET /api/stats/overview and the data of /dashboard: the whole hub over a period. */
export type Overview = Omit<Stats, 'generations' | 'channels'> &
  Reading & {
  from: string;
  to: string;
  /** Share links made / readers: the loop's first step. */
  shareRate: number;
  goals: GoalRow[];
  pages: (PageReading & { kind: PageKind })[];
  loop: GrowthLoop;
  days: OverviewDay[];
  stories: FunnelRow<'story'>[];
  channels: FunnelRow<'channel'>[];
  causes: FunnelRow<'cause'>[];
  intents: FunnelRow<'intent'>[];
  generations: Stats['generations'];
};

/** The kind of a page path. */
export function pageKind(page: string): PageKind {
  if (page === '/') return 'home';
  if (page === '/purpose/') return 'purpose';
  if (page === '/submit/') return 'submit';
  if (page === '/journeys/') return 'journeys';
  if (/^\/journeys\/[^/]+\/$/.test(page)) return 'journey';
  if (/^\/stories\/[^/]+\/$/.test(page) && !/^\/stories\/(?:cause|intent|page)/.test(page)) return 'story';
  if (page.startsWith('/stories/')) return 'stories';
  return 'other';
}

/** Sums funnel rows by a key, most clicks first (then by key, so the order is stable). */
function groupFunnels<Key extends string>(rows: (Funnel & Record<string, unknown>)[], key: Key, keyOf: (row: Funnel & Record<string, unknown>) => string): FunnelRow<Key>[] {
  const groups = new Map<string, Funnel>();
  for (const row of rows) {
    const name = keyOf(row);
    const sum = groups.get(name) ?? emptyFunnel();
    addFunnel(sum, row);
    groups.set(name, sum);
  }
  return [...groups.entries()]
    .map(([name, funnel]) => ({ [key]: name, ...funnel, kFactor: ratio(funnel.reshares, funnel.shares) }) as FunnelRow<Key>)
    .sort((a, b) => b.clicks - a.clicks || b.shares - a.shares || String(a[key]).localeCompare(String(b[key])));
}

/**
 * The whole hub over a closed period, read from the story_daily and excluded_daily rollups
 * (never raw clicks): totals with K-factor and its two factors, cycle time, excluded traffic,
 * one row per day for the charts, and the breakdowns by story, channel, cause and intent.
 * Per story, its numbers equal GET /api/stats/stories/<slug> for the same period.
 */
export async function getOverview(db: Kysely<Database>, period: ClosedPeriod, stories: StoryFacts[]): Promise<Overview> {
  const { start, end } = periodBounds(period);
  const funnelSums = ({ fn }: ExpressionBuilder<Database, 'story_daily'>) => [
    fn.sum<number>('shares').as('shares'),
    fn.sum<number>('reshares').as('reshares'),
    fn.sum<number>('clicks').as('clicks'),
    fn.sum<number>('unique_visitors').as('uniqueVisitors'),
    fn.sum<number>('conversions').as('conversions'),
  ];
  const inPeriod = db.selectFrom('story_daily').where('day', '>=', period.from).where('day', '<=', period.to);
  // Summed in SQL twice (per story, day and channel; per generation): a few thousand rows reach
  // JavaScript instead of every rollup row of the period.
  const cellQuery = inPeriod.select((eb) => ['story_slug as story', 'day', 'channel', ...funnelSums(eb)]).groupBy(['story_slug', 'day', 'channel']).execute();
  const generationQuery = inPeriod.select((eb) => ['generation', ...funnelSums(eb)]).groupBy('generation').execute();
  const excludedQuery = db
    .selectFrom('excluded_daily')
    .select(({ fn }) => ['day', 'reason', fn.sum<number>('hits').as('hits')])
    .where('day', '>=', period.from)
    .where('day', '<=', period.to)
    .groupBy(['day', 'reason'])
    .execute();
  const readingDaysQuery = db
    .selectFrom('page_daily')
    .select(({ fn }) => ['day', fn.sum<number>('views').as('views'), fn.sum<number>('readers').as('readers'), fn.sum<number>('reads').as('reads')])
    .where('day', '>=', period.from)
    .where('day', '<=', period.to)
    .groupBy('day')
    .execute();
  const sharersQuery = db
    .selectFrom('share_links')
    .select(({ fn }) => fn.count<number>('advocate_id').distinct().as('sharers'))
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .executeTakeFirst();
  const [cellRows, generationRows, cycles, excludedRows, reading, pageRows, goals, readingDays, sharerRow] = await Promise.all([
    cellQuery,
    generationQuery,
    getCycleMedians(db, start, end),
    excludedQuery,
    getReading(db, period),
    getPageReadings(db, period),
    getGoals(db, period),
    readingDaysQuery,
    sharersQuery,
  ]);

  const funnelOf = (row: Record<keyof Funnel, unknown>): Funnel => ({
    shares: Number(row.shares),
    reshares: Number(row.reshares),
    clicks: Number(row.clicks),
    uniqueVisitors: Number(row.uniqueVisitors),
    conversions: Number(row.conversions),
  });
  const cells = cellRows.map((row) => ({ story: row.story, day: row.day, channel: row.channel, ...funnelOf(row) }));
  const excluded = excludedRows.map((row) => ({ day: row.day, reason: row.reason, hits: Number(row.hits) }));
  const { generations, ...totals } = buildStats(
    generationRows.map((row) => ({ generation: Number(row.generation), channel: '', ...funnelOf(row) }) satisfies Cell),
    cycles.total,
    excluded,
  );

  const dayList = daysOf(period);
  const dayIndex = new Map(dayList.map((day, index) => [day, index]));
  const dayRows = dayList.map((day) => ({ ...emptyFunnel(), day, bot: 0, preview: 0, head: 0, views: 0, readers: 0, reads: 0 }));
  for (const row of readingDays) {
    const day = dayRows[dayIndex.get(row.day) ?? -1];
    if (!day) continue;
    day.views = Number(row.views);
    day.readers = Number(row.readers);
    day.reads = Number(row.reads);
  }
  for (const cell of cells) {
    const day = dayRows[dayIndex.get(cell.day) ?? -1];
    if (day) addFunnel(day, cell);
  }
  for (const row of excluded) {
    const day = dayRows[dayIndex.get(row.day) ?? -1];
    if (day && (row.reason === 'bot' || row.reason === 'preview' || row.reason === 'head')) day[row.reason] += row.hits;
  }
  const days: OverviewDay[] = dayRows.map((day, index) => ({
    ...day,
    kFactor: ratio(day.reshares, day.shares),
    cycleTimeSeconds: cycles.byDay.get(start + index * DAY_MS) ?? null,
    shareRate: ratio(day.shares, day.readers),
  }));
  const sharers = Number(sharerRow?.sharers ?? 0);
  const shareLinkReaders = reading.sources.filter((row) => row.channel === 'share link').reduce((sum, row) => sum + row.readers, 0);

  const facts = new Map(stories.map((story) => [story.slug, story]));
  return {
    from: period.from,
    to: period.to,
    ...totals,
    ...reading,
    shareRate: ratio(totals.shares, reading.readers),
    goals,
    pages: pageRows.map((row) => ({ ...row, kind: pageKind(row.page) })),
    loop: {
      readers: reading.readers,
      sharers,
      clicks: totals.clicks,
      shareLinkReaders,
      sharersPerReader: ratio(sharers, reading.readers),
      clicksPerSharer: ratio(totals.clicks, sharers),
      readersPerClick: ratio(shareLinkReaders, totals.clicks),
      cycleTimeSeconds: totals.cycleTimeSeconds,
    },
    generations,
    days,
    stories: groupFunnels(cells, 'story', (row) => String(row.story)),
    channels: groupFunnels(cells, 'channel', (row) => String(row.channel)),
    causes: groupFunnels(cells, 'cause', (row) => facts.get(String(row.story))?.cause ?? 'unknown'),
    intents: groupFunnels(cells, 'intent', (row) => facts.get(String(row.story))?.intent ?? 'unknown'),
  };
}

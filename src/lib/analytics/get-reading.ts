import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { dayEnd, dayStart } from '../time/utc-day.ts';
import { ratio } from './funnel.ts';
import type { Period } from './schema.ts';

/** Views and readers from one source, as the stats list them (most views first). */
export type SourceRow = { source: string; medium: string; campaign: string; channel: string; views: number; readers: number };

/** Conversions of one goal: credited to a share link, and not (reached without one). */
export type GoalRow = { goal: string; attributed: number; unattributed: number | null; passAlongShare: number | null };

/** What readers did with some pages over a period, read from page_daily and source_daily. */
export type Reading = { views: number; readers: number; reads: number; readRate: number; sources: SourceRow[] };

/** Reading numbers of one page. */
export type PageReading = { page: string; views: number; readers: number; reads: number; readRate: number };


/**
 * Views, readers, reads, read rate and sources of the given pages (all pages without `pages`)
 * over a period, from the rollups only. Readers are summed per page and day: a person who reads
 * two pages, or one page on two days, is two readers, as everywhere in the hub.
 */
export async function getReading(db: Kysely<Database>, period: Period, pages?: readonly string[]): Promise<Reading> {
  let totals = db.selectFrom('page_daily').select(({ fn }) => [fn.sum<number>('views').as('views'), fn.sum<number>('readers').as('readers'), fn.sum<number>('reads').as('reads')]);
  let sources = db
    .selectFrom('source_daily')
    .select(({ fn }) => ['channel', 'source', 'medium', 'campaign', fn.sum<number>('views').as('views'), fn.sum<number>('readers').as('readers')])
    .groupBy(['channel', 'source', 'medium', 'campaign']);
  if (pages) {
    totals = totals.where('page', 'in', pages.length > 0 ? [...pages] : ['']);
    sources = sources.where('page', 'in', pages.length > 0 ? [...pages] : ['']);
  }
  if (period.from) {
    totals = totals.where('day', '>=', period.from);
    sources = sources.where('day', '>=', period.from);
  }
  if (period.to) {
    totals = totals.where('day', '<=', period.to);
    sources = sources.where('day', '<=', period.to);
  }
  const [total, sourceRows] = await Promise.all([totals.executeTakeFirst(), sources.execute()]);
  const views = Number(total?.views ?? 0);
  const readers = Number(total?.readers ?? 0);
  const reads = Number(total?.reads ?? 0);
  return {
    views,
    readers,
    reads,
    readRate: ratio(reads, readers),
    sources: sourceRows
      .map((row) => ({ source: row.source, medium: row.medium, campaign: row.campaign, channel: row.channel, views: Number(row.views), readers: Number(row.readers) }))
      .sort((a, b) => b.views - a.views || b.readers - a.readers || a.channel.localeCompare(b.channel) || a.source.localeCompare(b.source) || a.medium.localeCompare(b.medium) || a.campaign.localeCompare(b.campaign)),
  };
}

/** Views, readers and reads of every page with any in the period, most readers first. */
export async function getPageReadings(db: Kysely<Database>, period: Period): Promise<PageReading[]> {
  let query = db
    .selectFrom('page_daily')
    .select(({ fn }) => ['page', fn.sum<number>('views').as('views'), fn.sum<number>('readers').as('readers'), fn.sum<number>('reads').as('reads')])
    .groupBy('page');
  if (period.from) query = query.where('day', '>=', period.from);
  if (period.to) query = query.where('day', '<=', period.to);
  return (await query.execute())
    .map((row) => ({ page: row.page, views: Number(row.views), readers: Number(row.readers), reads: Number(row.reads), readRate: ratio(Number(row.reads), Number(row.readers)) }))
    .sort((a, b) => b.readers - a.readers || b.views - a.views || a.page.localeCompare(b.page));
}

/**
 * Conversions per goal over a period: `attributed` (credited to a share link; with `storySlug`
 * only those of that story's links) and `unattributed` (no share link: these name no story, so
 * a story's are null), and the pass-along share attributed / all (null where unattributed is).
 */
export async function getGoals(db: Kysely<Database>, period: Period, storySlug?: string): Promise<GoalRow[]> {
  let query = db
    .selectFrom('conversions')
    .leftJoin('share_links', 'share_links.code', 'conversions.code')
    .select(({ fn, eb }) => [
      'conversions.goal as goal',
      fn.count<number>('share_links.code').as('attributed'),
      fn.sum<number>(eb.case().when('conversions.code', 'is', null).then(1).else(0).end()).as('unattributed'),
    ])
    .groupBy('conversions.goal');
  if (period.from) query = query.where('conversions.converted_at', '>=', dayStart(period.from));
  if (period.to) query = query.where('conversions.converted_at', '<', dayEnd(period.to));
  if (storySlug) query = query.where('share_links.story_slug', '=', storySlug);
  return (await query.execute())
    .map((row) => {
      const attributed = Number(row.attributed);
      const unattributed = storySlug ? null : Number(row.unattributed ?? 0);
      return { goal: row.goal, attributed, unattributed, passAlongShare: unattributed === null ? null : ratio(attributed, attributed + unattributed) };
    })
    .sort((a, b) => b.attributed + (b.unattributed ?? 0) - (a.attributed + (a.unattributed ?? 0)) || a.goal.localeCompare(b.goal));
}

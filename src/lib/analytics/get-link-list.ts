import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import { channels } from '../referrals/channels.ts';
import { intents } from '../stories/schema.ts';
import type { Database } from '../db/schema.ts';
import { periodBounds, type ClosedPeriod } from './closed-period.ts';
import { rankByPeriod } from './rank-by-period.ts';

/** Filters and order of the dashboard's link list (the list behind the overview's numbers). */
export const linkListQuerySchema = z.object({
  story: z.string().regex(/^[a-z0-9-]{1,160}$/, 'not a story slug').optional(),
  channel: z.enum(channels).optional(),
  advocate: z.string().regex(/^[\w-]{1,32}$/, 'not an advocate id').optional(),
  /** Links of the stories of one cause or one intent (the page resolves them to slugs). */
  cause: z.string().regex(/^[a-z0-9-]{1,160}$/, 'not a cause slug').optional(),
  intent: z.enum(intents).optional(),
  /** Only links made from another link (generation 2 and deeper). */
  reshares: z.literal('1').optional(),
  /** `created`: links made in the period, newest first; the others: most of it in the period first. */
  sort: z.enum(['created', 'clicks', 'uniqueVisitors', 'conversions']).default('created'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type LinkListQuery = z.infer<typeof linkListQuerySchema>;

export type LinkRow = {
  code: string;
  story: string;
  channel: string;
  advocateId: string;
  advocateName: string | null;
  parentCode: string | null;
  generation: number;
  createdAt: number;
  clicks: number;
  uniqueVisitors: number;
  conversions: number;
};

const SORT_COLUMN = { clicks: 'clicks', uniqueVisitors: 'unique_visitors', conversions: 'conversions' } as const;

/** A page of links by a column summed over the whole period: every link_daily row of the period is read. */
function sumWholePeriod(
  db: Kysely<Database>,
  period: ClosedPeriod,
  column: (typeof SORT_COLUMN)[keyof typeof SORT_COLUMN],
  page: { offset: number; limit: number; within?: SelectQueryBuilder<Database, keyof Database, { code: string }> },
): Promise<{ code: string }[]> {
  let ranked = db
    .selectFrom('link_daily as d')
    .select(['d.code', sql<number>`sum(${sql.ref(`d.${column}`)})`.as('total')])
    .where('d.day', '>=', period.from)
    .where('d.day', '<=', period.to)
    .groupBy('d.code')
    .having(sql<number>`sum(${sql.ref(`d.${column}`)})`, '>', 0)
    .orderBy('total', 'desc')
    .orderBy('d.code')
    .limit(page.limit)
    .offset(page.offset);
  if (page.within) ranked = ranked.where('d.code', 'in', page.within);
  return ranked.execute();
}

/**
 * One page of share links with their clicks, unique visitors and conversions in the period
 * (from the link_daily rollup). Sorted by creation, the list holds the links made in the
 * period (the overview's shares and reshares); sorted by a number, the links that had any,
 * ranked by walking the lifetime totals (rankByPeriod) rather than summing every link's period.
 */
export async function getLinkList(db: Kysely<Database>, period: ClosedPeriod, query: LinkListQuery, pageSize: number, stories?: string[]): Promise<LinkRow[]> {
  if (stories && stories.length === 0) return [];
  const { start, end } = periodBounds(period);
  const offset = (query.page - 1) * pageSize;
  let links = db
    .selectFrom('share_links')
    .select(['code', 'story_slug', 'channel', 'advocate_id', 'advocate_name', 'parent_code', 'generation', 'created_at']);
  if (query.story) links = links.where('story_slug', '=', query.story);
  if (query.channel) links = links.where('channel', '=', query.channel);
  if (query.advocate) links = links.where('advocate_id', '=', query.advocate);
  if (query.reshares) links = links.where('parent_code', 'is not', null);
  if (stories) links = links.where('story_slug', 'in', stories);

  let page: { code: string }[];
  if (query.sort === 'created') {
    page = await links.where('created_at', '>=', start).where('created_at', '<', end).orderBy('created_at', 'desc').orderBy('code').limit(pageSize).offset(offset).execute();
  } else {
    const column = SORT_COLUMN[query.sort];
    const filtered = query.story || query.channel || query.advocate || query.reshares || stories;
    const within = filtered ? links.clearSelect().select('code') : undefined;
    const ranked = await rankByPeriod(db, { source: 'link', column, period, offset, limit: pageSize, within });
    page = ranked ? ranked.map((row) => ({ code: row.key })) : await sumWholePeriod(db, period, column, { offset, limit: pageSize, within });
  }
  if (page.length === 0) return [];

  const codes = page.map((row) => row.code);
  const [details, sums] = await Promise.all([
    links.where('code', 'in', codes).execute(),
    db
      .selectFrom('link_daily')
      .select(({ fn }) => ['code', fn.sum<number>('clicks').as('clicks'), fn.sum<number>('unique_visitors').as('uniqueVisitors'), fn.sum<number>('conversions').as('conversions')])
      .where('code', 'in', codes)
      .where('day', '>=', period.from)
      .where('day', '<=', period.to)
      .groupBy('code')
      .execute(),
  ]);
  const detailOf = new Map(details.map((row) => [row.code, row]));
  const sumOf = new Map(sums.map((row) => [row.code, row]));
  return codes.flatMap((code) => {
    const link = detailOf.get(code);
    if (!link) return [];
    const sum = sumOf.get(code);
    return [
      {
        code,
        story: link.story_slug,
        channel: link.channel,
        advocateId: link.advocate_id,
        advocateName: link.advocate_name,
        parentCode: link.parent_code,
        generation: Number(link.generation),
        createdAt: Number(link.created_at),
        clicks: Number(sum?.clicks ?? 0),
        uniqueVisitors: Number(sum?.uniqueVisitors ?? 0),
        conversions: Number(sum?.conversions ?? 0),
      },
    ];
  });
}

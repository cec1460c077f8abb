import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { measureScope, type ScopeMetrics } from '../momentum/measure-scope.ts';

export type AdvocateLink = {
  code: string;
  storySlug: string;
  channel: string;
  generation: number;
  createdAt: number;
  clicks: number;
  uniqueVisitors: number;
  conversions: number;
  reshares: number;
};

export type AdvocateReport = { name: string | null; totals: ScopeMetrics; links: AdvocateLink[] };

/**
 * One advocate's own numbers (their /me page): each of their links with its clicks, unique
 * visitors, conversions and direct reshares, and their totals. Nothing about anyone else.
 */
export async function getAdvocateReport(db: Kysely<Database>, advocateId: string): Promise<AdvocateReport | undefined> {
  const advocate = await db.selectFrom('advocates').select('name').where('id', '=', advocateId).executeTakeFirst();
  if (!advocate) return undefined;
  const [links, reshares, totals] = await Promise.all([
    db
      .selectFrom('share_links')
      .leftJoin('link_daily', 'link_daily.code', 'share_links.code')
      .select((eb) => [
        'share_links.code as code',
        'share_links.story_slug as storySlug',
        'share_links.channel as channel',
        'share_links.generation as generation',
        'share_links.created_at as createdAt',
        eb.fn.coalesce(eb.fn.sum('link_daily.clicks'), eb.lit(0)).as('clicks'),
        eb.fn.coalesce(eb.fn.sum('link_daily.unique_visitors'), eb.lit(0)).as('uniqueVisitors'),
        eb.fn.coalesce(eb.fn.sum('link_daily.conversions'), eb.lit(0)).as('conversions'),
      ])
      .where('share_links.advocate_id', '=', advocateId)
      .groupBy(['share_links.code', 'share_links.story_slug', 'share_links.channel', 'share_links.generation', 'share_links.created_at'])
      .execute(),
    db
      .selectFrom('share_links as child')
      .innerJoin('share_links as parent', 'parent.code', 'child.parent_code')
      .select((eb) => ['parent.code as code', eb.fn.countAll().as('n')])
      .where('parent.advocate_id', '=', advocateId)
      .groupBy('parent.code')
      .execute(),
    measureScope(db, 'advocate', advocateId),
  ]);
  const reshareCount = new Map(reshares.map((row) => [row.code, Number(row.n)]));
  return {
    name: advocate.name,
    totals,
    links: links
      .map((row) => ({
        code: row.code,
        storySlug: row.storySlug,
        channel: row.channel,
        generation: Number(row.generation),
        createdAt: Number(row.createdAt),
        clicks: Number(row.clicks),
        uniqueVisitors: Number(row.uniqueVisitors),
        conversions: Number(row.conversions),
        reshares: reshareCount.get(row.code) ?? 0,
      }))
      .sort((a, b) => b.clicks - a.clicks || b.createdAt - a.createdAt),
  };
}

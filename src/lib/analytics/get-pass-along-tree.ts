import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ClosedPeriod } from './closed-period.ts';

/** One share link of a story's pass-along, with its own clicks in the period. */
export type TreeLink = {
  code: string;
  parentCode: string | null;
  generation: number;
  channel: string;
  advocateName: string | null;
  createdAt: number;
  clicks: number;
};

/**
 * Every share link of a story (the whole tree, whenever made) with its clicks in the period,
 * from the link_daily rollup: two indexed reads, however many links the story has.
 */
export async function getPassAlongTree(db: Kysely<Database>, storySlug: string, period: ClosedPeriod): Promise<TreeLink[]> {
  const [links, clicks] = await Promise.all([
    db
      .selectFrom('share_links')
      .select(['code', 'parent_code', 'generation', 'channel', 'advocate_name', 'created_at'])
      .where('story_slug', '=', storySlug)
      .orderBy('created_at')
      .orderBy('code')
      .execute(),
    // An IN list over the story's links walks link_daily's covering index link by link, with no
    // join table and no sort for the grouping.
    db
      .selectFrom('link_daily')
      .select(({ fn }) => ['code', fn.sum<number>('clicks').as('clicks')])
      .where('code', 'in', db.selectFrom('share_links').select('code').where('story_slug', '=', storySlug))
      .where('day', '>=', period.from)
      .where('day', '<=', period.to)
      .groupBy('code')
      .execute(),
  ]);
  const clicksOf = new Map(clicks.map((row) => [row.code, Number(row.clicks)]));
  return links.map((link) => ({
    code: link.code,
    parentCode: link.parent_code,
    generation: Number(link.generation),
    channel: link.channel,
    advocateName: link.advocate_name,
    createdAt: Number(link.created_at),
    clicks: clicksOf.get(link.code) ?? 0,
  }));
}

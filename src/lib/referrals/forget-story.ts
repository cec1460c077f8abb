import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { eraseRawClicks } from './clicks/erase-raw-clicks.ts';

/**
 * Removes everything the referral feature counted for a story: its share links, their clicks,
 * visitors, conversions and rollups (a link's parent is always a link of the same story), its
 * segment rollups and the story's milestones. A subquery names the links, so a story with tens
 * of thousands of them stays within every bind-parameter limit.
 */
export async function forgetStory(db: Kysely<Database>, slug: string): Promise<{ links: number }> {
  const codes = (await db.selectFrom('share_links').select('code').where('story_slug', '=', slug).execute()).map((row) => row.code);
  const forgotten = await db.transaction().execute(async (trx) => {
    const links = trx.selectFrom('share_links').select('code').where('story_slug', '=', slug);
    // The advocates' daily and lifetime totals lose what the story's links brought them.
    const perAdvocate = await trx
      .selectFrom('link_daily')
      .innerJoin('share_links', 'share_links.code', 'link_daily.code')
      .select((eb) => [
        'share_links.advocate_id as advocate',
        'link_daily.day as day',
        eb.fn.sum<number>('link_daily.clicks').as('clicks'),
        eb.fn.sum<number>('link_daily.unique_visitors').as('uniqueVisitors'),
        eb.fn.sum<number>('link_daily.conversions').as('conversions'),
      ])
      .where('share_links.story_slug', '=', slug)
      .groupBy(['share_links.advocate_id', 'link_daily.day'])
      .execute();
    for (const row of perAdvocate) {
      await trx
        .updateTable('advocate_daily')
        .set((eb) => ({
          clicks: eb('clicks', '-', Number(row.clicks)),
          unique_visitors: eb('unique_visitors', '-', Number(row.uniqueVisitors)),
          conversions: eb('conversions', '-', Number(row.conversions)),
        }))
        .where('advocate_id', '=', row.advocate)
        .where('day', '=', row.day)
        .execute();
    }
    const perAdvocateTotal = new Map<string, { clicks: number; conversions: number }>();
    for (const row of perAdvocate) {
      const total = perAdvocateTotal.get(row.advocate) ?? { clicks: 0, conversions: 0 };
      total.clicks += Number(row.clicks);
      total.conversions += Number(row.conversions);
      perAdvocateTotal.set(row.advocate, total);
    }
    for (const [advocate, total] of perAdvocateTotal) {
      await trx
        .updateTable('advocate_totals')
        .set((eb) => ({ clicks: eb('clicks', '-', total.clicks), conversions: eb('conversions', '-', total.conversions) }))
        .where('advocate_id', '=', advocate)
        .execute();
    }
    const count = await trx.selectFrom('share_links').select((eb) => eb.fn.countAll().as('n')).where('story_slug', '=', slug).executeTakeFirst();
    for (const table of ['visitor_days', 'conversions', 'link_daily', 'link_totals', 'excluded_daily'] as const) {
      await trx.deleteFrom(table).where('code', 'in', links).execute();
    }
    await trx.deleteFrom('share_links').where('story_slug', '=', slug).execute();
    await trx.deleteFrom('story_daily').where('story_slug', '=', slug).execute();
    await trx.deleteFrom('segment_daily').where('story_slug', '=', slug).execute();
    await trx.deleteFrom('milestones_reached').where('scope', '=', 'story').where('scope_key', '=', slug).execute();
    return { links: Number(count?.n ?? 0) };
  });
  // The raw clicks go after (in chunks on SQLite): what they counted left with the rollups above.
  await eraseRawClicks(db, codes);
  return forgotten;
}

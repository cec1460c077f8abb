import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Removes everything the referral feature counted for a story: its share links, their clicks,
 * visitors, conversions and rollups (a link's parent is always a link of the same story).
 */
export async function forgetStory(db: Kysely<Database>, slug: string): Promise<{ links: number }> {
  return db.transaction().execute(async (trx) => {
    const codes = (await trx.selectFrom('share_links').select('code').where('story_slug', '=', slug).execute()).map((row) => row.code);
    if (codes.length > 0) {
      for (const table of ['clicks', 'visitor_days', 'conversions', 'link_daily', 'excluded_daily'] as const) {
        await trx.deleteFrom(table).where('code', 'in', codes).execute();
      }
      await trx.deleteFrom('share_links').where('code', 'in', codes).execute();
    }
    await trx.deleteFrom('story_daily').where('story_slug', '=', slug).execute();
    return { links: codes.length };
  });
}

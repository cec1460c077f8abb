import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { enqueueEvent } from '../integrations/enqueue-event.ts';
import { utcDay } from '../time/utc-day.ts';

/**
 * Records a goal reached (newsletter, story-submitted, ...). Attributed to the share link the
 * visitor last came through when `code` names one, unattributed otherwise; the rollups move in
 * the same transaction, with the conversion.created event.
 */
export async function recordConversion(
  db: Kysely<Database>,
  input: { goal: string; code: string | undefined; time: number },
): Promise<{ attributed: boolean; storySlug?: string; advocateId?: string }> {
  return db.transaction().execute(async (trx) => {
    const link = input.code
      ? await trx
          .selectFrom('share_links')
          .select(['code', 'story_slug', 'channel', 'generation', 'advocate_id'])
          .where('code', '=', input.code)
          .executeTakeFirst()
      : undefined;
    await trx.insertInto('conversions').values({ goal: input.goal, code: link?.code ?? null, converted_at: input.time }).execute();
    await enqueueEvent(trx, 'conversion.created', { goal: input.goal, code: link?.code ?? null, story: link?.story_slug ?? null }, input.time);
    if (!link) return { attributed: false };
    const day = utcDay(input.time);
    await trx
      .insertInto('link_daily')
      .values({ code: link.code, day, conversions: 1 })
      .onConflict((conflict) =>
        conflict.columns(['code', 'day']).doUpdateSet({ conversions: sql`link_daily.conversions + 1` }),
      )
      .execute();
    await trx
      .insertInto('story_daily')
      .values({ story_slug: link.story_slug, day, channel: link.channel, generation: link.generation, conversions: 1 })
      .onConflict((conflict) =>
        conflict.columns(['story_slug', 'day', 'channel', 'generation']).doUpdateSet({ conversions: sql`story_daily.conversions + 1` }),
      )
      .execute();
    await trx
      .insertInto('advocate_daily')
      .values({ advocate_id: link.advocate_id, day, conversions: 1 })
      .onConflict((conflict) => conflict.columns(['advocate_id', 'day']).doUpdateSet({ conversions: sql`advocate_daily.conversions + 1` }))
      .execute();
    await trx
      .insertInto('link_totals')
      .values({ code: link.code, conversions: 1 })
      .onConflict((conflict) => conflict.column('code').doUpdateSet({ conversions: sql`link_totals.conversions + 1` }))
      .execute();
    await trx
      .insertInto('advocate_totals')
      .values({ advocate_id: link.advocate_id, conversions: 1 })
      .onConflict((conflict) => conflict.column('advocate_id').doUpdateSet({ conversions: sql`advocate_totals.conversions + 1` }))
      .execute();
    return { attributed: true, storySlug: link.story_slug, advocateId: link.advocate_id };
  });
}
